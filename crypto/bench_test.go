package crypto_test

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

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

// BenchmarkX25519Wrap is what age does per X25519 recipient: generate an
// ephemeral key and agree on a shared secret, two scalar multiplications.
// It is the floor of sealing anything to one recipient.
func BenchmarkX25519Wrap(b *testing.B) {
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

// paired runs a and base alternately, timing each, and reports both and
// their ratio: on a shared, busy machine this keeps the comparison fair.
func paired(b *testing.B, a, base func() error) {
	b.Helper()
	var ta, tb time.Duration
	for b.Loop() {
		t0 := time.Now()
		if err := base(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := a(); err != nil {
			b.Fatal(err)
		}
		ta += time.Since(t1)
		tb += t1.Sub(t0)
	}
	n := float64(b.N)
	b.ReportMetric(float64(ta.Nanoseconds())/n, "ns/ours")
	b.ReportMetric(float64(tb.Nanoseconds())/n, "ns/baseline")
	b.ReportMetric(float64(ta)/float64(tb), "ratio")
}

func ageEncryptTo(w io.Writer, payload []byte, to ...age.Recipient) error {
	ew, err := age.Encrypt(w, to...)
	if err != nil {
		return err
	}
	ew.Write(payload)
	return ew.Close()
}

// BenchmarkPairedSealVsAge compares Seal with plain age.Encrypt of the same
// bytes to the same recipients, interleaved in one loop.
func BenchmarkPairedSealVsAge(b *testing.B) {
	alice, bob := testIdentity(b, "alice"), testIdentity(b, "bob")
	for _, n := range []int{1, 2} {
		ids := []crypto.PublicIdentity{bob.Public(), alice.Public()}[:n]
		var rs []age.Recipient
		for _, id := range ids {
			rs = append(rs, id.Recipient)
		}
		for _, s := range benchSizes {
			payload := benchPayload(s.size)
			b.Run(fmt.Sprintf("%s-to%d", s.name, n), func(b *testing.B) {
				var out bytes.Buffer
				paired(b, func() error {
					_, err := crypto.Seal(alice, "kintsugi bundle", 1, ids, payload)
					return err
				}, func() error {
					out.Reset()
					return ageEncryptTo(&out, payload, rs...)
				})
			})
		}
	}
}

// BenchmarkPairedAtRest compares saving a 10 MB snapshot (about five years of
// a document's history) through the store with plain age.Encrypt of the same
// bytes, interleaved: into a file that is then synced (the fair baseline: the
// store adds only the rename and the folder sync), and into memory.
func BenchmarkPairedAtRest(b *testing.B) {
	alice := testIdentity(b, "alice")
	r := alice.Public().Recipient
	snapshot := benchPayload(10 << 20)
	dir := b.TempDir()
	l, _ := crypto.OpenLog(filepath.Join(dir, "log"), "doc", alice.AgeIdentity(), r)
	if _, _, err := l.Load(); err != nil {
		b.Fatal(err)
	}
	compact := func() error { return l.Compact(snapshot) }
	b.Run("LogCompact-vs-age-file-fsync-10MB", func(b *testing.B) {
		paired(b, compact, func() error {
			f, err := os.Create(filepath.Join(dir, "plain.age"))
			if err != nil {
				return err
			}
			defer f.Close()
			if err := ageEncryptTo(f, snapshot, r); err != nil {
				return err
			}
			return f.Sync()
		})
	})
	b.Run("LogCompact-vs-age-memory-10MB", func(b *testing.B) {
		var out bytes.Buffer
		paired(b, compact, func() error {
			out.Reset()
			return ageEncryptTo(&out, snapshot, r)
		})
	})
	b.Run("WriteEncrypted-vs-age-file-fsync-10MB", func(b *testing.B) {
		path := filepath.Join(dir, "snap.age")
		paired(b, func() error { return crypto.WriteEncrypted(path, snapshot, r) }, func() error {
			f, err := os.Create(filepath.Join(dir, "plain.age"))
			if err != nil {
				return err
			}
			defer f.Close()
			if err := ageEncryptTo(f, snapshot, r); err != nil {
				return err
			}
			return f.Sync()
		})
	})
}
