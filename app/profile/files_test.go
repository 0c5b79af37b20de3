package profile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// Every metadata file is authenticated and versioned: deleted, rolled
// back, swapped for another, or forged with the public key (which every
// invite carries), it is reported as damage and left as it is.
func TestMetadataFilesCannotBeSwapped(t *testing.T) {
	files := []string{metaFile, settingsFile, partnerFile, syncStateFile}
	// setup makes a closed profile whose metadata files were each written
	// twice, and returns the first copies.
	setup := func(t *testing.T) (dir string, old map[string][]byte) {
		p := newProfile(t, "Sam")
		dir = p.Dir()
		old = map[string][]byte{}
		for round := range 2 {
			other := newProfile(t, "Kim")
			pin := &partnerPin{PeerID: other.PeerID(), Public: other.Identity()}
			if err := p.writeJSON(partnerFile, pin); err != nil {
				t.Fatal(err)
			}
			if err := p.SetSettings(Settings{Relay: ""}); err != nil {
				t.Fatal(err)
			}
			if err := (stateStore{p}).SaveSyncState([]byte{1, byte(round)}); err != nil {
				t.Fatal(err)
			}
			if round == 0 {
				for _, f := range files {
					b, err := os.ReadFile(filepath.Join(dir, f))
					if err != nil {
						t.Fatal(err)
					}
					old[f] = b
				}
			}
		}
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		return dir, old
	}
	openDamaged := func(t *testing.T, dir, f string, want []byte) {
		t.Helper()
		p, err := Open(dir, "pass Sam")
		if err == nil {
			p.Close()
			t.Fatalf("%s: the profile opened", f)
		}
		if !errors.Is(err, ErrDamaged) {
			t.Fatalf("%s: %v, want ErrDamaged", f, err)
		}
		got, rerr := os.ReadFile(filepath.Join(dir, f))
		if want == nil && rerr == nil || want != nil && !bytes.Equal(got, want) {
			t.Fatalf("%s was changed", f)
		}
	}
	dir, _ := setup(t)
	if p, err := Open(dir, "pass Sam"); err != nil {
		t.Fatalf("untouched: %v", err)
	} else {
		p.Close()
	}
	for _, f := range files {
		t.Run("deleted "+f, func(t *testing.T) {
			dir, _ := setup(t)
			os.Remove(filepath.Join(dir, f))
			openDamaged(t, dir, f, nil)
		})
		t.Run("rolled back "+f, func(t *testing.T) {
			dir, old := setup(t)
			os.WriteFile(filepath.Join(dir, f), old[f], 0o600)
			openDamaged(t, dir, f, old[f])
		})
		t.Run("forged "+f, func(t *testing.T) {
			dir, _ := setup(t)
			id, err := crypto.ImportRecovery(mustRead(t, dir))
			if err != nil {
				t.Fatal(err)
			}
			forged := filepath.Join(dir, f)
			if err := crypto.WriteEncrypted(forged, []byte(`{"version":99,"data":null}`), id.AgeIdentity().Recipient()); err != nil {
				t.Fatal(err)
			}
			b, _ := os.ReadFile(forged)
			openDamaged(t, dir, f, b)
		})
	}
	t.Run("swapped", func(t *testing.T) {
		dir, _ := setup(t)
		b, _ := os.ReadFile(filepath.Join(dir, settingsFile))
		os.WriteFile(filepath.Join(dir, partnerFile), b, 0o600)
		openDamaged(t, dir, partnerFile, b)
	})
}

// mustRead returns the recovery file of the closed profile in dir, as its
// public key is known to anyone (every invite carries it).
func mustRead(t *testing.T, dir string) []byte {
	t.Helper()
	p, err := Open(dir, "pass Sam")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	return p.recovery().Marshal()
}
