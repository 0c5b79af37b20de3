package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/sync"
)

func TestMain(m *testing.M) {
	crypto.ScryptWorkFactor = 10 // fast key files in tests only
	os.Exit(m.Run())
}

// The demo's two real profiles pair over loopback and an edit in one
// reaches the other.
func TestDemoPairSyncs(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	alex, sam, err := demoPair(ctx, t.TempDir())
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
	o, err := openerFor(dir)
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
	if _, err := s.Join(context.Background(), "kintsugi1-not-a-code"); !errors.Is(err, ErrInviteTypo) {
		t.Errorf("Join(garbage) = %v, want ErrInviteTypo", err)
	}
	out := filepath.Join(t.TempDir(), "notes.md")
	if err := s.Export(out, "md", time.Time{}, time.Time{}, false); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(out); err != nil || len(b) == 0 {
		t.Errorf("export: %v, %d bytes", err, len(b))
	}
	if err := s.Export(out, "md", time.Time{}, time.Time{}, true); err == nil {
		t.Error("export with a locked journal succeeded")
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
		{sync.ErrInviteRefused, ErrInviteUsed},
	} {
		if got := mapErr(fmt.Errorf("wrapped: %w", tc.in)); !errors.Is(got, tc.want) {
			t.Errorf("mapErr(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
