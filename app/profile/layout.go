package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The profile folder. Every file is an age file (readable with the `age`
// tool and the recovery key) except the key files, which are age files under
// a passphrase, the logs' chunks files, which are tar archives of age files
// (`tar -xf` them, then `age -d`), and the lock file, which holds only a
// process ID.
const (
	keyFile        = "identity.key"  // the identity, under the profile passphrase
	metaFile       = "profile.age"   // name and creation time
	docLog         = "shared"        // the shared document log: shared.GEN.snapshot.age, shared.GEN.chunks.tar (see crypto.Log)
	syncStateFile  = "syncstate.age" // what we know of the partner's copy
	partnerFile    = "partner.age"   // the partner pin: peer ID, keys, name, last addresses
	settingsFile   = "settings.age"  // per-device settings
	privateFile    = "private.age"   // what this device keeps for its owner alone: private notes, the safety sign
	journalKeyFile = "journal.key"   // the journal key, under the journal passphrase
	journalLog     = "journal"       // the journal log, encrypted to the journal key
)

// DefaultDir returns $KINTSUGI_PROFILE if set, else the kintsugi folder in
// the user's config folder (e.g. ~/.config/kintsugi).
func DefaultDir() (string, error) {
	if d := os.Getenv("KINTSUGI_PROFILE"); d != "" {
		return d, nil
	}
	cfg, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("failed to find the config folder: %w", err)
	}
	return filepath.Join(cfg, "kintsugi"), nil
}

// Exists reports whether dir holds a profile.
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, keyFile))
	return err == nil
}

// HasData reports whether dir holds any file of a profile: the key file,
// the shared document, the journal or the profile's other files. A folder
// that lost only its key file still has data, which a restore from the
// recovery file keeps ([Restore]).
func HasData(dir string) bool {
	return len(dataFiles(dir)) > 0
}

// dataFiles lists the names of the profile files in dir.
func dataFiles(dir string) []string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		n := e.Name()
		switch {
		case n == keyFile, n == metaFile, n == syncStateFile, n == partnerFile, n == settingsFile, n == journalKeyFile,
			strings.HasPrefix(n, docLog+"."), strings.HasPrefix(n, journalLog+"."):
			out = append(out, n)
		}
	}
	return out
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
