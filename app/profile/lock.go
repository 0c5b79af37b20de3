package profile

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gofrs/flock"
)

// lockName is the lock file in the profile folder. It holds the PID of the
// process that has the profile open, so a second process can name it.
const lockName = "lock"

// folderLock is an exclusive advisory lock on a profile folder.
type folderLock struct {
	fl *flock.Flock
}

// lockFolder takes the folder's lock without waiting. If another process
// holds it, the error wraps ErrInUse and names that process.
func lockFolder(dir string) (*folderLock, error) {
	path := filepath.Join(dir, lockName)
	fl := flock.New(path, flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("failed to lock the profile folder: %w", err)
	}
	if !ok {
		if pid := readLockPID(path); pid > 0 {
			return nil, fmt.Errorf("%w (process %d)", ErrInUse, pid)
		}
		return nil, ErrInUse
	}
	// Record our PID for the next process that finds the folder locked. The
	// lock is advisory, so writing through another descriptor is fine.
	if err := os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600); err != nil {
		fl.Unlock()
		return nil, fmt.Errorf("failed to write the lock file: %w", err)
	}
	return &folderLock{fl: fl}, nil
}

// readLockPID returns the PID written in a lock file, or 0.
func readLockPID(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// unlock clears the PID and releases the lock.
func (l *folderLock) unlock() error {
	if l == nil || l.fl == nil {
		return nil
	}
	_ = os.Truncate(l.fl.Path(), 0)
	err := l.fl.Unlock()
	l.fl = nil
	return err
}

// claimNewFolder creates dir if needed, locks it, and checks that it holds no
// profile and no profile data: the start of Create.
func claimNewFolder(dir string) (*folderLock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("failed to create the profile folder: %w", err)
	}
	lock, err := lockFolder(dir)
	if err != nil {
		return nil, err
	}
	if Exists(dir) {
		lock.unlock()
		return nil, fmt.Errorf("%w: %s", ErrExists, dir)
	}
	if HasData(dir) {
		lock.unlock()
		return nil, &DataLeftError{Dir: dir}
	}
	return lock, nil
}
