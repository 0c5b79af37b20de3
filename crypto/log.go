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

// Log is an encrypted append log in a folder: a base snapshot and the
// chunks appended after it. A generation number ties chunks to the
// snapshot they follow:
//
//	NAME.GEN.snapshot.age      the base state (none while GEN is 0)
//	NAME.GEN.chunks.tar        the chunks after it, appended one by one
//	NAME.GEN.SEQ.chunk.age     a chunk of earlier versions, one file each
//
// Each chunk is a standard age file of its own; the chunks file is a tar
// archive of them, named NAME.GEN.SEQ.chunk.age inside (SEQ = 1, 2, ...),
// so `tar -xf` gives back the files that `age -d` reads. An Append writes
// one tar member at the end of the current chunks file and syncs that file:
// one fsync, no rename, no folder sync. Only a new file (the snapshot, and
// the empty chunks file of its generation that [Log.Compact] creates beside
// it; or the chunks file a log of an earlier version lacks) is written
// atomically (temporary file, fsync, rename, fsync of the folder).
//
// [Log.Compact] writes the snapshot of the next generation and only then
// removes the old files, so a crash at any point leaves a loadable state.
// A crash during an Append can leave the end of the chunks file torn: a
// member whose header or content was not completely written. Since that
// Append never returned, Load ignores it and the next Append overwrites it.
// Every member starts on a 512-byte boundary, the unit a disk writes whole.
//
// Unlike a bare age file, a Log chunk or snapshot is authenticated: only
// the holder of the log's secret key can write one that Load accepts, and
// one moved to another place in the log is refused (see logauth.go). The
// identity must be an *age.X25519Identity.
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
	// tarEnd is where the next member of the current generation's chunks
	// file goes: the end of its last good member, or -1 if it has none.
	tarEnd int64
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
	chunks    map[uint64][]uint64 // generation -> sorted sequence numbers of chunk files
	tars      []uint64            // generations with a chunks file
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
		case len(parts) == 3 && parts[1] == "chunks" && parts[2] == "tar":
			if g, err := strconv.ParseUint(parts[0], 10, 64); err == nil {
				fs.tars = append(fs.tars, g)
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
	slices.Sort(fs.tars)
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

// open decrypts a chunk held in memory and checks that the log's owner
// wrote it as the chunk called name.
func (l *Log) open(name string, b []byte) ([]byte, error) {
	out, err := decryptBytes(b, authIdentity{l.id, l.authKey, name})
	if errors.Is(err, errUnauthenticated) {
		return nil, fmt.Errorf("%w: %v", ErrFileCorrupt, err)
	}
	return out, err
}

func (l *Log) snapshotPath(gen uint64) string {
	return filepath.Join(l.dir, fmt.Sprintf("%s.%010d.snapshot.age", l.name, gen))
}

func (l *Log) chunkPath(gen, seq uint64) string {
	return filepath.Join(l.dir, l.chunkName(gen, seq))
}

// chunkName names a chunk, as a file of its own or as a member of a chunks
// file; it is also what the chunk's authentication binds it to.
func (l *Log) chunkName(gen, seq uint64) string {
	return fmt.Sprintf("%s.%010d.%010d.chunk.age", l.name, gen, seq)
}

func (l *Log) tarPath(gen uint64) string {
	return filepath.Join(l.dir, fmt.Sprintf("%s.%010d.chunks.tar", l.name, gen))
}

// Load returns the snapshot (nil if none was ever written) and the chunks
// appended after it, oldest first.
//
// Snapshots and chunk files are written atomically, so a crash leaves at
// most a temporary file behind, never a torn file under a final name: Load
// ignores temporary files. A crash during an Append can tear only the end
// of the chunks file, a member that Append never acknowledged: Load ignores
// it (see [Log]). So a crash at any moment leaves the last state whose
// Append or Compact returned readable. Anything else that is damaged,
// undecryptable or forged (a snapshot, a chunk file, a complete member of
// the chunks file), or missing, is not a crash but damage or tampering:
// Load returns a [*CorruptError] naming the file and changes nothing on
// disk, so the evidence stays as it was. Only after a successful Load are
// files of older generations and temporary leftovers removed.
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
	}
	// The chunks file of this generation, if any; a chunks file of a later
	// one holding chunks follows a snapshot that is gone.
	var tar []byte
	tarEnd := int64(-1)
	for _, g := range fs.tars {
		if g < gen {
			continue // left by an interrupted Compact, removed below
		}
		switch b, err := os.ReadFile(l.tarPath(g)); {
		case err != nil:
			return nil, nil, fmt.Errorf("failed to read %s: %w", filepath.Base(l.tarPath(g)), err)
		case g == gen:
			tar, tarEnd = b, 0
		case g > gen && len(b) > 0:
			return nil, nil, &CorruptError{Path: l.snapshotPath(g), Err: errMissing}
		}
	}
	if len(fs.snapshots) > 0 {
		p := l.snapshotPath(gen)
		if snapshot, err = l.read(p); err != nil {
			return nil, nil, &CorruptError{Path: p, Err: err, Newest: len(fs.chunks[gen]) == 0 && len(tar) == 0}
		}
	}
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
			return nil, nil, &CorruptError{Path: p, Err: err, Newest: i == len(seqs)-1 && len(tar) == 0}
		}
		chunks = append(chunks, c)
	}
	if tar != nil {
		members, end, err := l.readTar(tar, gen, uint64(len(chunks))+1)
		if err != nil {
			return nil, nil, &CorruptError{Path: l.tarPath(gen), Err: err, Newest: true}
		}
		chunks = append(chunks, members...)
		tarEnd = end
	}
	l.gen, l.next, l.loaded, l.tarEnd = gen, uint64(len(chunks))+1, true, tarEnd
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
	for _, g := range fs.tars {
		// A later generation's chunks file is left empty by a Compact that
		// was interrupted before its snapshot (Load checked it is empty).
		if g != gen {
			removed = os.Remove(l.tarPath(g)) == nil || removed
		}
	}
	if removed {
		syncDir(l.dir)
	}
}

// Append encrypts chunk and adds it to the log. When Append returns nil, the
// chunk is on disk and a later Load returns it.
//
// In the steady state that is one write at the end of the chunks file and
// one fsync of it; the folder is synced only when the chunks file is new.
func (l *Log) Append(chunk []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loaded {
		return errors.New("log must be loaded before appending")
	}
	m, err := l.member(l.gen, l.next, chunk)
	if err != nil {
		return fmt.Errorf("failed to append to %s: %w", l.name, err)
	}
	if l.tarEnd < 0 {
		err = WriteFileAtomic(l.tarPath(l.gen), m, 0o600)
	} else {
		err = appendAt(l.tarPath(l.gen), l.tarEnd, m)
	}
	if err != nil {
		return fmt.Errorf("failed to append to %s: %w", l.name, err)
	}
	l.tarEnd = max(l.tarEnd, 0) + int64(len(m))
	l.next++
	return nil
}

// Compact replaces the snapshot with one holding the whole state and drops
// the chunks. When it returns nil, a later Load returns exactly snapshot and
// no chunks; if it is interrupted, Load returns either the old state or the
// new one.
//
// It also creates the new generation's empty chunks file, before the
// snapshot, so that the folder sync of the snapshot's atomic write makes
// both durable and the next Append is a plain append.
func (l *Log) Compact(snapshot []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.loaded {
		return errors.New("log must be loaded before compacting")
	}
	if err := createEmpty(l.tarPath(l.gen + 1)); err != nil {
		return fmt.Errorf("failed to save snapshot of %s: %w", l.name, err)
	}
	if err := l.write(l.snapshotPath(l.gen+1), snapshot); err != nil {
		return fmt.Errorf("failed to save snapshot of %s: %w", l.name, err)
	}
	l.gen, l.next, l.tarEnd = l.gen+1, 1, 0
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
