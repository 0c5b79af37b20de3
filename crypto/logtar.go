package crypto

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"
)

// A chunks file (see [Log]) is a tar archive without its end marker: one
// member per chunk, each a 512-byte ustar header and the chunk's age file,
// padded to 512 bytes. Headers carry the member's name and size only: mode
// 0600, no owner, and the time of 1970, so they say nothing of when each
// change was made.

const tarBlock = 512

// maxChunk bounds a member's size, so a damaged header cannot make Load
// allocate without bound. Chunks are incremental changes; a sync that
// brings a year apart is a few megabytes.
const maxChunk = 1 << 30

// member returns chunk encrypted and authenticated as chunk seq of
// generation gen, framed as a tar member.
func (l *Log) member(gen, seq uint64, chunk []byte) ([]byte, error) {
	name := l.chunkName(gen, seq)
	var enc bytes.Buffer
	to := append(slices.Clone(l.to), authRecipient{l.authKey, name})
	if err := encryptTo(&enc, chunk, to...); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Grow(tarBlock + enc.Len() + tarBlock)
	tw := tar.NewWriter(&out)
	hdr := &tar.Header{
		Typeflag: tar.TypeReg,
		Name:     name,
		Mode:     0o600,
		Size:     int64(enc.Len()),
		ModTime:  time.Unix(0, 0),
		Format:   tar.FormatUSTAR,
	}
	if err := tw.WriteHeader(hdr); err != nil {
		return nil, fmt.Errorf("failed to frame chunk: %w", err)
	}
	if _, err := tw.Write(enc.Bytes()); err != nil {
		return nil, fmt.Errorf("failed to frame chunk: %w", err)
	}
	// Flush pads the member; Close would add the end marker, which the
	// next member would have to overwrite.
	if err := tw.Flush(); err != nil {
		return nil, fmt.Errorf("failed to frame chunk: %w", err)
	}
	return out.Bytes(), nil
}

// errBadMember is the cause of a CorruptError for a chunks file member that
// is not what the log wrote there.
var errBadMember = errors.New("chunks file holds a member the log did not write there")

// readTar reads the members of a chunks file of generation gen, the first
// being chunk seq. It returns their chunks and the offset after the last
// one. A torn end (see [Log]) ends the list; any other damage is an error.
func (l *Log) readTar(b []byte, gen, seq uint64) (chunks [][]byte, end int64, err error) {
	off := 0
	for ; off < len(b); seq++ {
		rest := b[off:]
		if len(rest) < tarBlock || allZero(rest[:tarBlock]) {
			break // a header never completely written: torn
		}
		name := l.chunkName(gen, seq)
		hdr, err := tar.NewReader(bytes.NewReader(rest[:tarBlock])).Next()
		if err != nil {
			return nil, 0, fmt.Errorf("%w: %s: %v", ErrFileCorrupt, name, err)
		}
		if hdr.Typeflag != tar.TypeReg || hdr.Name != name || hdr.Size <= 0 || hdr.Size > maxChunk {
			return nil, 0, fmt.Errorf("%w: %w: %q where %s belongs", ErrFileCorrupt, errBadMember, hdr.Name, name)
		}
		size := int(hdr.Size)
		if len(rest) < tarBlock+size {
			break // content never completely written: torn
		}
		padded := tarBlock + (size+tarBlock-1)/tarBlock*tarBlock
		c, err := l.open(name, rest[tarBlock:tarBlock+size])
		if err != nil {
			// The last member, with a block the disk never wrote, is torn.
			if last := len(rest) <= padded || allZero(rest[padded:]); last && hasZeroBlock(rest, size) {
				break
			}
			return nil, 0, fmt.Errorf("%s: %w", name, err)
		}
		// Unwritten padding reads as zeros: anything else was put there.
		if !allZero(rest[tarBlock+size : min(padded, len(rest))]) {
			return nil, 0, fmt.Errorf("%w: %w: bytes after %s", ErrFileCorrupt, errBadMember, name)
		}
		chunks = append(chunks, c)
		off += padded
	}
	return chunks, int64(min(off, len(b))), nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// hasZeroBlock reports whether the content of a member (which starts on a
// block boundary, after its 512-byte header) has a block of zeros, at least
// 16 bytes of it: a block the disk never wrote. Age ciphertext, being
// random, has none.
func hasZeroBlock(rest []byte, size int) bool {
	for i := tarBlock; i < tarBlock+size; i += tarBlock {
		if d := rest[i:min(i+tarBlock, tarBlock+size)]; len(d) >= 16 && allZero(d) {
			return true
		}
	}
	return false
}

// appendAt writes m at off in the file at path, dropping whatever a torn
// write left after off first, and syncs the file: one fsync.
func appendAt(path string, off int64, m []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() != off {
		// Truncate before writing, so no torn leftover can follow m.
		if err := f.Truncate(off); err != nil {
			return err
		}
	}
	if _, err := f.WriteAt(m, off); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// createEmpty creates (or empties) the file at path, mode 0600, and syncs
// it. Its folder entry becomes durable with the next folder sync.
func createEmpty(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}
