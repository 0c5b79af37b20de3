# Kintsugi — `make run` opens the app, `make test` runs every check.
# Both install what a fresh Debian/Ubuntu machine is missing first.

SHELL := /bin/bash
GO ?= go
BENCHFLAGS ?=
# Fyne refuses the bare C locale; tests and the app need a UTF-8 one.
export LANG := $(if $(filter-out C POSIX,$(LANG)),$(LANG),C.UTF-8)
# and its locale lookup reads "C.UTF-8" as "C" unless LANGUAGE names a language.
export LANGUAGE := $(or $(LANGUAGE),en)
DEBS := gcc pkg-config libgl1-mesa-dev xorg-dev xvfb xauth age poppler-utils dbus fonts-noto-core fonts-noto-cjk fonts-symbola desktop-file-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps lint bench bench-peer build package install uninstall test-install test-package fuzz clean shots

## deps: install the Debian packages Fyne, the GUI tests and the export tests need
deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
	@$(GO) mod download

## build: compile the binary into bin/ (the first build says why it takes minutes)
build: deps
	@GO=$(GO) bash packaging/build.sh bin/kintsugi

## run: open the app
run: build
	./bin/kintsugi

## lint: gofmt, go vet and staticcheck (a tool of go.mod, never a binary left in GOPATH/bin)
lint: deps
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

## test: lint, then every test with the race detector (GUI tests under xvfb),
## then install/uninstall into a throwaway home and the .deb's contents
test: lint
	xvfb-run -a -s "-screen 0 1600x1000x24" $(GO) test -race -timeout 40m ./...
	@$(MAKE) --no-print-directory test-install test-package

## bench: run the benchmarks and print their figures
bench: deps
	$(GO) test -run '^$$' -bench . -benchmem $(BENCHFLAGS) -timeout 60m ./... | tee bench.out
	@echo; echo "figures above; docs/BENCHMARKS.md records them with this command"

## bench-peer: Kintsugi against automerge-repo 2.5.6 (Node), two processes each on loopback:
## edit→partner p50/p99 and catch-up, alternating, with the ratios (docs/BENCHMARKS.md).
## It installs its pinned npm packages into bench/peer/node_modules first (npm ci).
## BENCHPEERFLAGS passes flags, e.g. BENCHPEERFLAGS="-runs 1 -edits 200".
BENCHPEERFLAGS ?=
bench-peer: deps
	cd bench/peer && npm ci --no-audit --no-fund
	$(GO) run ./bench/peer $(BENCHPEERFLAGS)

## shots: a PNG of every screen, light and dark, at 1280x800 and 1600x1000, on two
## real paired profiles, into shots/ to look at (see TestShots in app/ui/shots_test.go)
shots: deps
	rm -rf shots && mkdir -p shots
	KINTSUGI_SHOTS=$(CURDIR)/shots xvfb-run -a -s "-screen 0 1600x1000x24" $(GO) test -count=1 -run '^TestShots$$' -timeout 30m ./app/ui/
	@ls shots | wc -l | xargs echo "PNGs in shots/:"

## install: the app for this user, in the freedesktop places, so it shows in the app menu
PREFIX ?= $(HOME)/.local
DATADIR ?= $(or $(XDG_DATA_HOME),$(PREFIX)/share)
install: build
	install -Dm755 bin/kintsugi $(DESTDIR)$(PREFIX)/bin/kintsugi
	install -d $(DESTDIR)$(DATADIR)/applications
	sed 's#^Exec=kintsugi#Exec=$(PREFIX)/bin/kintsugi#' packaging/kintsugi.desktop > $(DESTDIR)$(DATADIR)/applications/kintsugi.desktop
	install -Dm644 app/ui/assets/icon.png $(DESTDIR)$(DATADIR)/icons/hicolor/256x256/apps/kintsugi.png
	@echo "Kintsugi is installed: find it in your app menu, or run $(PREFIX)/bin/kintsugi"

## uninstall: remove exactly what install put there (your profile and journal stay)
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kintsugi $(DESTDIR)$(DATADIR)/applications/kintsugi.desktop \
		$(DESTDIR)$(DATADIR)/icons/hicolor/256x256/apps/kintsugi.png
	@echo "Kintsugi is uninstalled. Your profile and journal are still in $${XDG_CONFIG_HOME:-$$HOME/.config}/kintsugi."

## package: a .deb (nfpm, a go.mod tool) that installs the same files system-wide
VERSION := $(shell sed -n 's/^ *Version = "\(.*\)"/\1/p' FyneApp.toml)
ARCH := $(shell $(GO) env GOARCH)
package: build
	@mkdir -p dist
	VERSION=$(VERSION) ARCH=$(ARCH) $(GO) tool nfpm pkg --config packaging/nfpm.yaml --packager deb --target dist/
	@ls -l dist/*.deb

## test-install: make install and make uninstall into a throwaway home, checked
test-install: build
	@bash packaging/test-install.sh

## test-package: the .deb holds the binary, the desktop entry and the icon
test-package: package
	@bash packaging/test-package.sh dist/kintsugi_$(VERSION)_$(ARCH).deb

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
	rm -rf bin bench.out dist shots
