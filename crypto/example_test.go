package crypto_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
)

func mustRecovery(name string) *crypto.Identity {
	b, err := os.ReadFile(filepath.Join("testdata", name+".key"))
	if err != nil {
		panic(err)
	}
	id, err := crypto.ImportRecovery(b)
	if err != nil {
		panic(err)
	}
	return id
}

// Alice seals a bundle for Bob and herself; Bob opens it with Alice's pinned
// public identity and remembers its sequence number to refuse replays.
func ExampleSeal() {
	alice, bob := mustRecovery("alice"), mustRecovery("bob")
	sealed, err := crypto.Seal(alice, "kintsugi bundle", 1,
		[]crypto.PublicIdentity{alice.Public(), bob.Public()}, []byte("changes since we last met"))
	if err != nil {
		panic(err)
	}
	payload, seq, err := crypto.Open(bob, alice.Public(), "kintsugi bundle", 0, sealed)
	fmt.Printf("%s (seq %d, err %v)\n", payload, seq, err)
	_, _, err = crypto.Open(bob, alice.Public(), "kintsugi bundle", seq, sealed)
	fmt.Println(err)
	// Output:
	// changes since we last met (seq 1, err <nil>)
	// sealed bundle is older than one already received: sequence 1, already saw 1
}

// Both partners see the same safety number, whoever invited whom.
func ExampleSafetyNumber() {
	alice, bob := mustRecovery("alice").Public(), mustRecovery("bob").Public()
	fmt.Println(crypto.SafetyNumber(alice, bob))
	fmt.Println(crypto.SafetyNumber(bob, alice))
	// Output:
	// 53261 62846 10740 23512 17801 / 63713 52036 00727 65260 12927
	// 53261 62846 10740 23512 17801 / 63713 52036 00727 65260 12927
}

// An invite travels as one code; a typo is caught and placed.
func ExampleParseInvite() {
	alice := mustRecovery("alice")
	// Normally: inv, err := crypto.NewInvite(alice.Public(), addrs, 15*time.Minute)
	inv := crypto.Invite{
		SigningKey: alice.Public().SigningKey,
		Recipient:  alice.Public().Recipient,
		Addrs:      []string{"/ip4/192.168.1.23/tcp/4001"},
		Expires:    time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC),
		Secret:     [16]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
	}
	code := inv.Code()
	got, err := crypto.ParseInvite(code)
	fmt.Println(got.Addrs, err, got.Inviter().Equal(alice.Public()))

	typo := []byte(code)
	typo[len(typo)-3] = '7'
	_, err = crypto.ParseInvite(string(typo))
	fmt.Println(err, errors.Is(err, crypto.ErrInviteTypo))
	// Output:
	// [/ip4/192.168.1.23/tcp/4001] <nil> true
	// invite code has a typo near the end (group 35 of 35) true
}
