#!/usr/bin/env bash
# test-install.sh: `make install` into a throwaway home puts the binary, the
# desktop entry and the icon in the freedesktop places, the entry starts the
# installed binary, and `make uninstall` removes exactly those files.
set -euo pipefail
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
fail() { echo "test-install: $*" >&2; exit 1; }
# Go keeps its caches and settings where they are: only the install moves.
mapfile -t gocfg < <(go env GOPATH GOMODCACHE GOCACHE GOENV)
gopath=${gocfg[0]} gomodcache=${gocfg[1]} gocache=${gocfg[2]} goenv=${gocfg[3]}
mk() {
	env -u XDG_DATA_HOME HOME="$home" XDG_CONFIG_HOME="${XDG_CONFIG_HOME:-$HOME/.config}" \
		GOPATH="$gopath" GOMODCACHE="$gomodcache" GOCACHE="$gocache" GOENV="$goenv" \
		make --no-print-directory -s "$@" >/dev/null
}

mk install
bin=$home/.local/bin/kintsugi
entry=$home/.local/share/applications/kintsugi.desktop
icon=$home/.local/share/icons/hicolor/256x256/apps/kintsugi.png
for f in "$bin" "$entry" "$icon"; do [ -f "$f" ] || fail "install did not write $f"; done
[ -x "$bin" ] || fail "$bin is not executable"
grep -qx "Exec=$bin" "$entry" || fail "the desktop entry does not start $bin: $(grep ^Exec "$entry")"
grep -qx "Icon=kintsugi" "$entry" || fail "the desktop entry names no icon"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$entry" || fail "invalid desktop entry"; fi
"$bin" help >/dev/null || fail "the installed binary does not run"

mk uninstall
left=$(find "$home" -type f)
[ -z "$left" ] || fail "uninstall left files behind: $left"
echo "test-install: ok (install wrote 3 files, uninstall removed them)"
