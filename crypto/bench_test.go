package crypto_test

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"io"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"github.com/kintsugi-app/kintsugi/crypto"
)

// Benchmarks for docs/BENCHMARKS.md. Each has a baseline in the same run:
// plain age.Encrypt on the same bytes to the same recipients, and one X25519
// key agreement (age does two per recipient).
//
//	go test ./crypto -run '^$' -bench . -benchmem

var benchSizes = []struct {
	name string
	size int
}{{"300B", 300}, {"1MB", 1 << 20}}

func benchPayload(size int) []byte {
	// Random-ish: compressible runs mixed with noise, like a document's history.
	r := mrand.New(mrand.NewChaCha8([32]byte{1}))
	b := make([]byte, size)
	for i := 0; i < size; {
		n := min(size-i, 1+r.IntN(64))
		if r.IntN(2) == 0 {
			for j := range n {
				b[i+j] = byte('a' + r.IntN(26))
			}
		} else {
			copy(b[i:i+n], bytes.Repeat([]byte{' '}, n))
		}
		i += n
	}
	return b
}

func BenchmarkSeal(b *testing.B) {
	alice, bob := testIdentity(b, "alice"), testIdentity(b, "bob")
	for _, to := range []struct {
		name string
		ids  []crypto.PublicIdentity
	}{{"to1", []crypto.PublicIdentity{bob.Public()}}, {"to2", []crypto.PublicIdentity{alice.Public(), bob.Public()}}} {
		for _, s := range benchSizes {
			payload := benchPayload(s.size)
			b.Run(s.name+"-"+to.name, func(b *testing.B) {
				b.SetBytes(int64(s.size))
				for b.Loop() {
					if _, err := crypto.Seal(alice, "kintsugi bundle", 1, to.ids, payload); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	alice, bob := testIdentity(b, "alice"), testIdentity(b, "bob")
	for _, s := range benchSizes {
		sealed, err := crypto.Seal(alice, "kintsugi bundle", 1, []crypto.PublicIdentity{alice.Public(), bob.Public()}, benchPayload(s.size))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(s.name+"-to2", func(b *testing.B) {
			b.SetBytes(int64(s.size))
			for b.Loop() {
				if _, _, err := crypto.Open(bob, alice.Public(), "kintsugi bundle", 0, sealed); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAgeEncrypt is the baseline: age.Encrypt into memory.
func BenchmarkAgeEncrypt(b *testing.B) {
	alice, bob := testIdentity(b, "alice"), testIdentity(b, "bob")
	for _, to := range []struct {
		name string
		r    []age.Recipient
	}{{"to1", []age.Recipient{bob.Public().Recipient}}, {"to2", []age.Recipient{alice.Public().Recipient, bob.Public().Recipient}}} {
		for _, s := range append(benchSizes, struct {
			name string
			size int
		}{"10MB", 10 << 20}) {
			payload := benchPayload(s.size)
			b.Run(s.name+"-"+to.name, func(b *testing.B) {
				b.SetBytes(int64(s.size))
				var out bytes.Buffer
				for b.Loop() {
					out.Reset()
					w, err := age.Encrypt(&out, to.r...)
					if err != nil {
						b.Fatal(err)
					}
					w.Write(payload)
					if err := w.Close(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkX25519 is one X25519 key agreement: the floor of any age
// encryption (two per recipient: the ephemeral key and the shared secret).
func BenchmarkX25519(b *testing.B) {
	peer, _ := ecdh.X25519().GenerateKey(rand.Reader)
	for b.Loop() {
		k, _ := ecdh.X25519().GenerateKey(rand.Reader)
		if _, err := k.ECDH(peer.PublicKey()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveSnapshot saves a 10 MB snapshot, about the size of five
// years of a document's history, to the user's own recipient.
func BenchmarkSaveSnapshot(b *testing.B) {
	alice := testIdentity(b, "alice")
	snapshot := benchPayload(10 << 20)
	dir := b.TempDir()
	b.Run("WriteEncrypted-10MB", func(b *testing.B) {
		b.SetBytes(int64(len(snapshot)))
		path := filepath.Join(dir, "snap.age")
		for b.Loop() {
			if err := crypto.WriteEncrypted(path, snapshot, alice.Public().Recipient); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("LogCompact-10MB", func(b *testing.B) {
		l, _ := crypto.OpenLog(filepath.Join(dir, "log"), "doc", alice.AgeIdentity(), alice.Public().Recipient)
		if _, _, err := l.Load(); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(snapshot)))
		for b.Loop() {
			if err := l.Compact(snapshot); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("age.Encrypt-to-discard-10MB", func(b *testing.B) {
		b.SetBytes(int64(len(snapshot)))
		for b.Loop() {
			w, _ := age.Encrypt(io.Discard, alice.Public().Recipient)
			w.Write(snapshot)
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("age.Encrypt-to-file-fsync-10MB", func(b *testing.B) {
		// Plain age into a file, synced: the baseline for encryption at rest.
		b.SetBytes(int64(len(snapshot)))
		path := filepath.Join(dir, "plain.age")
		for b.Loop() {
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			w, _ := age.Encrypt(f, alice.Public().Recipient)
			w.Write(snapshot)
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
			if err := f.Sync(); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
	b.Run("WriteFileAtomic-plain-10MB", func(b *testing.B) {
		// The disk alone: the same bytes written atomically without encryption.
		b.SetBytes(int64(len(snapshot)))
		path := filepath.Join(dir, "plain")
		for b.Loop() {
			if err := crypto.WriteFileAtomic(path, snapshot, 0o600); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("LoadSnapshot-10MB", func(b *testing.B) {
		path := filepath.Join(dir, "load.age")
		crypto.WriteEncrypted(path, snapshot, alice.Public().Recipient)
		b.SetBytes(int64(len(snapshot)))
		for b.Loop() {
			if _, err := crypto.ReadEncrypted(path, alice.AgeIdentity()); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkLogAppend300B(b *testing.B) {
	alice := testIdentity(b, "alice")
	l, _ := crypto.OpenLog(b.TempDir(), "doc", alice.AgeIdentity(), alice.Public().Recipient)
	if _, _, err := l.Load(); err != nil {
		b.Fatal(err)
	}
	chunk := benchPayload(300)
	for b.Loop() {
		if err := l.Append(chunk); err != nil {
			b.Fatal(err)
		}
	}
}
