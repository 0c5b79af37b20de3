package kintsugi_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyArrows keeps the arrows of DESIGN.md §2: doc imports neither
// Fyne nor libp2p, crypto imports no Automerge, sync and app/profile import
// no Fyne, app/remind (shared by the app and the command line) imports
// neither, internal packages (notify) import nothing of ours, and the lower
// layers never import the higher ones. The screens
// (app/ui and its model) see the domain only through their model: no sync,
// crypto, profile, libp2p or adapter, not even through another package; the
// adapter (app/adapt) never imports the screens, so their tests can run on
// it; and the shell (app) is the only package that knows both. The export
// embeds its own fonts: no Fyne.
func TestDependencyArrows(t *testing.T) {
	const mod = "github.com/kintsugi-app/kintsugi/"
	forbidden := map[string][]string{
		mod + "doc":         {"fyne.io/", "github.com/libp2p/", mod + "sync", mod + "crypto", mod + "app", mod + "cmd"},
		mod + "crypto":      {"github.com/automerge/", "fyne.io/", mod + "doc", mod + "sync", mod + "app", mod + "cmd"},
		mod + "sync":        {"fyne.io/", mod + "app", mod + "cmd"},
		mod + "app/profile": {"fyne.io/", mod + "cmd"},
		mod + "app/remind":  {"fyne.io/", "github.com/libp2p/", mod + "sync", mod + "crypto", mod + "app/profile", mod + "cmd"},
		mod + "app":         {mod + "cmd"},
		mod + "internal":    {"fyne.io/", "github.com/libp2p/", "github.com/automerge/", mod + "doc", mod + "crypto", mod + "sync", mod + "app", mod + "cmd"},
		mod + "app/ui":      {"github.com/libp2p/", mod + "sync", mod + "crypto", mod + "app/profile", mod + "app/adapt", mod + "app/export", mod + "cmd"},
		mod + "app/adapt":   {"fyne.io/", mod + "app/ui$", mod + "cmd"}, // its model only
		mod + "app/export":  {"fyne.io/", "github.com/libp2p/", mod + "sync", mod + "app/profile", mod + "cmd"},
	}
	out, err := exec.Command("go", "list", "-deps=false", "-json=ImportPath,Deps", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Deps       []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		for pkg, bad := range forbidden {
			if p.ImportPath != pkg && !strings.HasPrefix(p.ImportPath, pkg+"/") {
				continue
			}
			if pkg == mod+"app" && strings.HasPrefix(p.ImportPath, mod+"app/profile") {
				continue
			}
			seen++
			for _, d := range p.Deps {
				for _, b := range bad {
					if exact, ok := strings.CutSuffix(b, "$"); ok { // that package, not those under it
						if d == exact {
							t.Errorf("%s depends on %s, which DESIGN.md §2 forbids", p.ImportPath, d)
						}
						continue
					}
					if d == b || strings.HasPrefix(d, b) && (strings.HasSuffix(b, "/") || strings.HasPrefix(d, b+"/")) {
						t.Errorf("%s depends on %s, which DESIGN.md §2 forbids", p.ImportPath, d)
					}
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("go list found none of the layered packages")
	}
}
