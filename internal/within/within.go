// Package within tells whether a file's path lies inside a folder, as a
// person means it: the folder itself or anything below it, through
// symbolic links, ignoring case where the disk does (macOS).
//
// The GUI and the command line both ask it before writing a file that is
// not encrypted (an export, the recovery file): inside the shared folder,
// a cloud drive or sync tool would carry it off the laptop.
package within

import (
	"path/filepath"
	"runtime"
	"strings"
)

// Folder reports whether path is folder or inside it, following symbolic
// links (path need not exist; its folder is resolved). An empty folder
// holds nothing.
func Folder(folder, path string) bool {
	if folder == "" || path == "" {
		return false
	}
	s, p := resolve(folder), resolve(path)
	if runtime.GOOS == "darwin" { // its disks ignore case by default
		s, p = strings.ToLower(s), strings.ToLower(p)
	}
	rel, err := filepath.Rel(s, p)
	if err != nil {
		return false
	}
	return rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)))
}

// resolve cleans p and follows its symbolic links, or its folder's when p
// does not exist yet.
func resolve(p string) string {
	p = filepath.Clean(p)
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	if r, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		return filepath.Join(r, filepath.Base(p))
	}
	return p
}
