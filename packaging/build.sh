#!/usr/bin/env bash
# build.sh OUT: go build ./cmd/kintsugi into OUT, saying what it does. The first
# build compiles Fyne's C graphics driver (cgo), which takes minutes on a laptop
# and prints nothing by itself; this says so, names each package as it is
# compiled, and prints a line a minute so the wait never looks like a hang.
set -euo pipefail
out=${1:-bin/kintsugi}
GO=${GO:-go}
# The build cache knows whether the toolkit is built already: a GL driver that
# go list calls stale means this is a first (slow) build.
if $GO list -deps -f '{{if eq .Name "glfw"}}{{.Stale}}{{end}}' ./cmd/kintsugi 2>/dev/null | grep -q true; then
	echo "Building Kintsugi for the first time: compiling the graphics toolkit takes 5 to 15 minutes; later builds take seconds."
fi
start=$SECONDS
( while sleep 60; do echo "  still building… $(( (SECONDS - start) / 60 )) min so far"; done ) &
ticker=$!
trap 'kill $ticker 2>/dev/null || true' EXIT
$GO build -v -o "$out" ./cmd/kintsugi 2>&1 | sed -u -E 's#^([A-Za-z0-9._~/-]+)$#  compiling \1#'
echo "Built $out in $(( SECONDS - start )) s."
