package crypto

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	gosync "sync"

	"filippo.io/age"
)

// ErrStoreCorrupt is returned by [Log.Load] when a file the log needs is
// damaged, missing, or was not written by the log's owner. The error is a
// [*CorruptError] naming the file.
var ErrStoreCorrupt = errors.New("saved data is damaged")

// A CorruptError is the error [Log.Load] returns when a file the log needs
// is damaged, missing, or was not written by the log's owner.
// errors.Is(err, ErrStoreCorrupt) holds for it, and it unwraps to the cause
// (for example [ErrFileCorrupt] or [ErrNotDecryptable]).
type CorruptError struct {
	Path string // the damaged or missing file
	Err  error  // what is wrong with it
	// Newest is true when Path exists and no file of the log comes after
	// it: without it, the log holds the state saved just before it.
	Newest bool
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("%v: %s: %v", ErrStoreCorrupt, e.Path, e.Err)
}

// Is reports whether target is [ErrStoreCorrupt].
func (e *CorruptError) Is(target error) bool { return target == ErrStoreCorrupt }

func (e *CorruptError) Unwrap() error { return e.Err }

// errMissing is the cause of a CorruptError for a file that should exist.
var errMissing = errors.New("file is missing")

// Log is an encrypted append log in a folder: a base snapshot and numbered
// chunks, each a standard age file written atomically. A generation number
// ties chunks to the snapshot they follow:
//
//	NAME.GEN.snapshot.age      the base state (none while GEN is 0)
//	NAME.GEN.SEQ.chunk.age     increments after it, SEQ = 1, 2, ...
//
// [Log.Compact] writes the snapshot of the next generation and only then
// removes the old files, so a crash at any point leaves a loadable state.
//
// Unlike a bare age file, a Log file is authenticated: only the holder of
// the log's secret key can write one that Load accepts, and a file moved to
// another place in the log is refused (see logauth.go). The identity must be
// an *age.X25519Identity.
// A Log is safe for concurrent use; one folder must be used by one process.
type Log struct {
	dir, name string
	id        age.Identity
	to        []age.Recipient
	authKey   []byte // see logauth.go

	mu     gosync.Mutex
	gen    uint64 // current generation
	next   uint64 // sequence number of the next chunk
	loaded bool
}

var logNameRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// OpenLog opens (creating the folder, mode 0700, if needed) the log called
// name in dir. Files are encrypted to the recipients to and read with id.
// Call [Log.Load] before [Log.Append] or [Log.Compact].
func OpenLog(dir, name string, id age.Identity, to ...age.Recipient) (*Log, error) {
	if !logNameRe.MatchString(name) {
		return nil, fmt.Errorf("invalid log name %q", name)
	}
	if id == nil || len(to) == 0 {
		return nil, errors.New("a log needs an identity and at least one recipient")
	}
	key, err := logAuthKey(id)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("failed to create folder: %w", err)
	}
	return &Log{dir: dir, name: name, id: id, to: slices.Clone(to), authKey: key}, nil
}

// logFiles is what a scan of the folder finds.
type logFiles struct {
	snapshots []uint64            // generations with a snapshot
	chunks    map[uint64][]uint64 // generation -> sorted sequence numbers
	temps     []string            // leftovers of interrupted writes
}

func (l *Log) scan() (logFiles, error) {
	fs := logFiles{chunks: map[uint64][]uint64{}}
	ents, err := os.ReadDir(l.dir)
	if err != nil {
		return fs, fmt.Errorf("failed to list folder: %w", err)
	}
	for _, e := range ents {
		n := e.Name()
		if isTempName(n) && strings.HasPrefix(n, "."+l.name+".") {
			fs.temps = append(fs.temps, n)
			continue
		}
		rest, ok := strings.CutPrefix(n, l.name+".")
		if !ok {
			continue
		}
		parts := strings.Split(rest, ".")
		switch {
		case len(parts) == 3 && parts[1] == "snapshot" && parts[2] == "age":
			if g, err := strconv.ParseUint(parts[0], 10, 64); err == nil && g > 0 {
				fs.snapshots = append(fs.snapshots, g)
			}
		case len(parts) == 4 && parts[2] == "chunk" && parts[3] == "age":
			g, err1 := strconv.ParseUint(parts[0], 10, 64)
			s, err2 := strconv.ParseUint(parts[1], 10, 64)
			if err1 == nil && err2 == nil && s > 0 {
				fs.chunks[g] = append(fs.chunks[g], s)
			}
		}
	}
	slices.Sort(fs.snapshots)
	for _, s := range fs.chunks {
		slices.Sort(s)
	}
	return fs, nil
}

// write encrypts b to the log's recipients, authenticated for path.
func (l *Log) write(path string, b []byte) error {
	to := append(slices.Clone(l.to), authRecipient{l.authKey, filepath.Base(path)})
	return WriteEncrypted(path, b, to...)
}

// read decrypts path and checks that the log's owner wrote it there.
func (l *Log) read(path string) ([]byte, error) {
	b, err := ReadEncrypted(path, authIdentity{l.id, l.authKey, filepath.Base(path)})
	if errors.Is(err, errUnauthenticated) {
		return nil, fmt.Errorf("%w: %v", ErrFileCorrupt, err)
	}
	return b, err
}

func (l *Log) snapshotPath(gen uint64) string {
	return filepath.Join(l.dir, fmt.Sprintf("%s.%010d.snapshot.age", l.name, gen))
}

func (l *Log) chunkPath(gen, seq uint64) string {
	return filepath.Join(l.dir, fmt.Sprintf("%s.%010d.%010d.chunk.age", l.name, gen, seq))
}

// Load returns the snapshot (nil if none was ever written) and the chunks
// appended after it, oldest first.
//
// Every write of the log is atomic, so a crash leaves at most a temporary
// file behind, never a torn file under a final name: Load ignores temporary
// files, and a crash at any moment leaves the last state whose Append or
// Compact returned readable. A damaged, undecryptable or forged snapshot or
// chunk (the newest included), or a missing one, is therefore not a crash but
// damage or tampering: Load returns a [*CorruptError] naming the file and
// changes nothing on disk, so the evidence stays as it was. Only after a
// successful Load are files of older generations and temporary leftovers
// removed.
func (l *Log) Load() (snapshot []byte, chunks [][]byte, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fs, err := l.scan()
	if err != nil {
		return nil, nil, err
	}
	var gen uint64
	if len(fs.snapshots) > 0 {
		gen = fs.snapshots[len(fs.snapshots)-1]
		p := l.snapshotPath(gen)
		if snapshot, err = l.read(p); err != nil {
			return nil, nil, &CorruptError{Path: p, Err: err, Newest: len(fs.chunks[gen]) == 0}
		}
	}
	// Chunks of a later generation follow a snapshot that is gone.
	for g := range fs.chunks {
		if g > gen {
			return nil, nil, &CorruptError{Path: l.snapshotPath(g), Err: errMissing}
		}
	}
	seqs := fs.chunks[gen]
	for i, seq := range seqs {
		if want := uint64(i) + 1; seq != want {
			return nil, nil, &CorruptError{Path: l.chunkPath(gen, want), Err: errMissing}
		}
		p := l.chunkPath(gen, seq)
		c, err := l.read(p)
		if err != nil {
			return nil, nil, &CorruptError{Path: p, Err: err, Newest: i == len(seqs)-1}
		}
		chunks = append(chunks, c)
	}
	l.gen, l.next, l.loaded = gen, uint64(len(chunks))+1, true
	l.removeStale(fs, gen)
	return snapshot, chunks, nil
}

// removeStale deletes what an interrupted Compact or write left behind. It
// is only tidying: failures are ignored and retried at the next Load.
func (l *Log) removeStale(fs logFiles, gen uint64) {
	removed := false
	for _, t := range fs.temps {
		removed = os.Remove(filepath.Join(l.dir, t)) == nil || removed
	}
	for _, g := range fs.snapshots {
		if g < gen {
			removed = os.Remove(l.snapshotPath(g)) == nil || removed
		}
	}
	for g, seqs := range fs.chunks {
		if g < gen {
			for _, s := range seqs {
				removed = os.Remove(l.chunkPath(g, s)) == nil || removed
			}
		}
	}
	if removed {
		syncDir(l.dir)
	}
}

// Append encrypts chunk and adds it to the log. When Append returns nil, the
// chunk is on disk and a later Load returns it.
func (l *Log) Append(chunk []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loaded {
		return errors.New("log must be loaded before appending")
	}
	if err := l.write(l.chunkPath(l.gen, l.next), chunk); err != nil {
		return fmt.Errorf("failed to append to %s: %w", l.name, err)
	}
	l.next++
	return nil
}

// Compact replaces the snapshot with one holding the whole state and drops
// the chunks. When it returns nil, a later Load returns exactly snapshot and
// no chunks; if it is interrupted, Load returns either the old state or the
// new one.
func (l *Log) Compact(snapshot []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loaded {
		return errors.New("log must be loaded before compacting")
	}
	if err := l.write(l.snapshotPath(l.gen+1), snapshot); err != nil {
		return fmt.Errorf("failed to save snapshot of %s: %w", l.name, err)
	}
	l.gen, l.next = l.gen+1, 1
	if fs, err := l.scan(); err == nil {
		l.removeStale(fs, l.gen)
	}
	return nil
}

// Chunks returns how many chunks follow the snapshot, to decide when to compact.
func (l *Log) Chunks() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return int(l.next) - 1
}
