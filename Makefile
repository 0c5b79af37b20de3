# Kintsugi — `make run` opens the app, `make test` runs every check.
# Both install what a fresh Debian/Ubuntu machine is missing first.

SHELL := /bin/bash
GO ?= go
BENCHFLAGS ?=
# Fyne refuses the bare C locale; tests and the app need a UTF-8 one.
export LANG := $(if $(filter-out C POSIX,$(LANG)),$(LANG),C.UTF-8)
# and its locale lookup reads "C.UTF-8" as "C" unless LANGUAGE names a language.
export LANGUAGE := $(or $(LANGUAGE),en)
DEBS := gcc pkg-config libgl1-mesa-dev xorg-dev xvfb xauth age poppler-utils dbus fonts-noto-core fonts-noto-cjk fonts-symbola
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps lint bench build package fuzz clean shots

## deps: install the Debian packages Fyne, the GUI tests and the export tests need
deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@$(GO) mod download

## build: compile the binary into bin/
build: deps
	$(GO) build -o bin/kintsugi ./cmd/kintsugi

## run: open the app
run: build
	./bin/kintsugi

## lint: gofmt, go vet and staticcheck (a tool of go.mod, never a binary left in GOPATH/bin)
lint: deps
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

## test: lint, then every test with the race detector (GUI tests under xvfb)
test: lint
	xvfb-run -a -s "-screen 0 1600x1000x24" $(GO) test -race -timeout 40m ./...

## bench: run the benchmarks and print their figures
bench: deps
	$(GO) test -run '^$$' -bench . -benchmem $(BENCHFLAGS) -timeout 60m ./... | tee bench.out
	@echo; echo "figures above; docs/BENCHMARKS.md records them with this command"

## shots: a PNG of every screen, light and dark, at 1280x800 and 1600x1000, on two
## real paired profiles, into shots/ to look at (see TestShots in app/shots_test.go)
shots: deps
	rm -rf shots && mkdir -p shots
	KINTSUGI_SHOTS=$(CURDIR)/shots xvfb-run -a -s "-screen 0 1600x1000x24" $(GO) test -count=1 -run '^TestShots$$' -timeout 30m ./app/
	@ls shots | wc -l | xargs echo "PNGs in shots/:"

## package: a Linux desktop package (kintsugi.tar.xz) built from FyneApp.toml
# fyne reads FyneApp.toml from the main package's folder; the root file stays the
# one source, copied there for the build with its icon path made relative to it.
package: deps
	@set -e; meta=cmd/kintsugi/FyneApp.toml; trap 'rm -f $$meta' EXIT; \
	sed 's#^\( *Icon = \)"\(.*\)"#\1"../../\2"#' FyneApp.toml > $$meta; \
	cd cmd/kintsugi && $(GO) tool fyne package -os linux -release && mv -f *.tar.xz ../..
	@ls -l *.tar.xz

## fuzz: run every fuzz target for FUZZTIME each (their seed corpora run in `make test` too)
FUZZTIME ?= 10s
fuzz: deps
	@set -e; for pkg in $$($(GO) list ./...); do \
		dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
		for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/^func //'); do \
			echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

clean:
	rm -rf bin bench.out *.tar.xz
