package adapt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/app/export"
	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/sync"
)

func TestMain(m *testing.M) {
	crypto.ScryptWorkFactor = 10 // fast key files in tests only
	// No test may write into the real ~/.config (the login entry lives there).
	cfg, err := os.MkdirTemp("", "kintsugi-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", cfg)
	code := m.Run()
	os.RemoveAll(cfg)
	os.Exit(code)
}

// The demo's two real profiles pair over loopback and an edit in one
// reaches the other.
func TestDemoPairSyncs(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	alex, sam, err := DemoPair(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer alex.Close()
	defer sam.Close()
	if p, ok := alex.Partner(); !ok || p.Name != "Sam" {
		t.Fatalf("alex's partner = %+v, %v", p, ok)
	}
	if alex.SafetyNumber() == "" || alex.SafetyNumber() != sam.SafetyNumber() {
		t.Fatalf("safety numbers %q and %q", alex.SafetyNumber(), sam.SafetyNumber())
	}
	if _, err := alex.Doc().AddCommitment(alex.Me().ID, "Text when I'll be late", doc.Daily); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(sam.Doc().Commitments()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("alex's commitment never reached sam")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestProfileOpener(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "p")
	o, err := OpenerFor(dir)
	if err != nil {
		t.Fatal(err)
	}
	if o.Exists() {
		t.Fatal("exists before create")
	}
	s, err := o.Create("Alex", "lantern orbit velvet")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Open("wrong"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("Open(wrong) = %v, want ErrWrongPassphrase", err)
	}
	s, err = o.Open("lantern orbit velvet")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Me().Name != "Alex" {
		t.Errorf("name = %q", s.Me().Name)
	}
	for _, garbage := range []string{"kintsugi1-not-a-code", "hello this is not a code"} {
		_, err := s.Join(context.Background(), garbage)
		if !errors.Is(err, ErrNotInvite) {
			t.Errorf("Join(%q) = %v, want ErrNotInvite", garbage, err)
		}
	}
	out := filepath.Join(t.TempDir(), "notes.md")
	if err := s.Export(out, "md", time.Time{}, time.Time{}, nil); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.Contains(string(b), "# Our repair journey") {
		t.Errorf("export: %v, %q", err, b)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode: %v, %v (want 0600: it is not encrypted)", fi.Mode(), err)
	}
	if err := s.Export(out, "docx", time.Time{}, time.Time{}, nil); !errors.Is(err, export.ErrUnknownFormat) {
		t.Errorf("export as docx = %v, want ErrUnknownFormat", err)
	}
}

func TestMapErr(t *testing.T) {
	for _, tc := range []struct {
		in, want error
	}{
		{crypto.ErrWrongPassphrase, ErrWrongPassphrase},
		{crypto.ErrInviteExpired, ErrInviteExpired},
		{sync.ErrInviteExpired, ErrInviteExpired},
		{crypto.ErrInviteTypo, ErrInviteTypo},
		{crypto.ErrInviteMalformed, ErrNotInvite},
		{sync.ErrInviteRefused, ErrInviteUsed},
	} {
		if got := mapErr(fmt.Errorf("wrapped: %w", tc.in)); !errors.Is(got, tc.want) {
			t.Errorf("mapErr(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
