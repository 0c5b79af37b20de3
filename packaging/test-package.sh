#!/usr/bin/env bash
# test-package.sh DEB: the .deb holds the binary, the desktop entry and the
# icon where a desktop finds them, and declares its Debian dependencies.
set -euo pipefail
deb=$1
fail() { echo "test-package: $*" >&2; exit 1; }
[ -f "$deb" ] || fail "no package at $deb"
files=$(dpkg-deb -c "$deb")
for want in ./usr/bin/kintsugi ./usr/share/applications/kintsugi.desktop ./usr/share/icons/hicolor/256x256/apps/kintsugi.png; do
	grep -q " $want\$" <<<"$files" || fail "$deb lacks $want"
done
grep -q '^-rwxr-xr-x .* ./usr/bin/kintsugi$' <<<"$files" || fail "the binary in $deb is not executable"
deps=$(dpkg-deb -f "$deb" Depends)
for want in libgl1 libx11-6; do grep -q "$want" <<<"$deps" || fail "$deb does not depend on $want (Depends: $deps)"; done
# The binary in the package is the one just built, and it runs.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp"
cmp -s "$tmp/usr/bin/kintsugi" bin/kintsugi || fail "the packaged binary is not bin/kintsugi"
"$tmp/usr/bin/kintsugi" help >/dev/null || fail "the packaged binary does not run"
echo "test-package: ok ($deb, $(du -h "$deb" | cut -f1))"
