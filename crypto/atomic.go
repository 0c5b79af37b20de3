package crypto

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// tempMarker is part of every temporary file name, so leftovers of a crash can
// be recognised and removed. Temporary files only ever hold ciphertext.
const tempMarker = ".tmp-"

// WriteFileAtomic writes data to path so that, even if the process or the
// machine dies, path holds either its old content or data, never a mix: it
// writes a temporary file in the same folder, syncs it, renames it over path
// and syncs the folder. data must already be encrypted if it is private.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	return writeAtomic(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic is WriteFileAtomic with the content produced by fill.
func writeAtomic(path string, perm os.FileMode, fill func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+tempMarker+"*")
	if err != nil {
		return fmt.Errorf("failed to create temporary file: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(perm); err != nil {
		return fmt.Errorf("failed to set file mode: %w", err)
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := fill(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("failed to write %s: %w", base, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("failed to sync %s: %w", base, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("failed to close %s: %w", base, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("failed to replace %s: %w", base, err)
	}
	return syncDir(dir)
}

// SyncDir makes renames and removals in dir durable.
func SyncDir(dir string) error { return syncDir(dir) }

// syncDir makes a rename or removal in dir durable. Cloud and network
// drives that cannot sync a folder (EINVAL, ENOTSUP) have nothing more to
// give: the rename is what keeps a reader from half a file there, so that
// is not an error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("failed to open folder: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, syscall.ENOTSUP) {
		return fmt.Errorf("failed to sync folder: %w", err)
	}
	return nil
}

// isTempName reports whether a file name is one of writeAtomic's leftovers.
func isTempName(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tempMarker)
}
