package profile

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
)

func TestJoinFoundOnLAN(t *testing.T) {
	ann, bob := newProfile(t, "Ann"), newProfile(t, "Bob")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	lan := SyncOptions{Listen: []string{"/ip4/0.0.0.0/tcp/0"}}
	for _, p := range []*Profile{ann, bob} {
		if err := p.StartSync(ctx, lan); err != nil {
			t.Fatal(err)
		}
	}
	inv, res, err := ann.Invite(ctx, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	dctx, dcancel := context.WithTimeout(ctx, 20*time.Second)
	defer dcancel()
	found, err := bob.DiscoverInvites(dctx)
	if err != nil {
		t.Fatal(err)
	}
	var f FoundInvite
	for f = range found {
		if f.PeerID == ann.PeerID() {
			break
		}
	}
	if f.PeerID != ann.PeerID() {
		t.Fatal("Bob did not find Ann's invite")
	}
	dcancel()

	code := inv.SecretCode()
	typo := strings.Replace(code, code[:1], map[bool]string{true: "B", false: "A"}[code[:1] == "A"], 1)
	if _, err := bob.JoinFound(ctx, f, typo); !errors.Is(err, crypto.ErrSecretCodeTypo) {
		t.Fatalf("typo: err = %v", err)
	}
	if bob.Paired() || ann.Paired() {
		t.Fatal("a mistyped secret code paired someone")
	}
	jr, err := bob.JoinFound(ctx, f, strings.ToLower(code))
	if err != nil {
		t.Fatal(err)
	}
	checkPairResults(t, jr, res)
}
