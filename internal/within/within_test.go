package within_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/kintsugi-app/kintsugi/internal/within"
)

func TestFolder(t *testing.T) {
	base := t.TempDir()
	cloud := filepath.Join(base, "Cloud")
	for _, d := range []string{cloud, filepath.Join(cloud, "sub"), filepath.Join(base, "Cloud2")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(base, "link")
	if err := os.Symlink(cloud, link); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		shared, path string
		want         bool
	}{
		{cloud, filepath.Join(cloud, "a.pdf"), true},
		{cloud, filepath.Join(cloud, "sub", "a.pdf"), true},
		{cloud, cloud, true},
		{cloud + "/", filepath.Join(cloud, "a.pdf"), true},
		{link, filepath.Join(cloud, "a.pdf"), true},
		{cloud, filepath.Join(link, "sub", "a.pdf"), true},
		{cloud, filepath.Join(base, "Cloud2", "a.pdf"), false},
		{cloud, filepath.Join(base, "a.pdf"), false},
		{"", filepath.Join(cloud, "a.pdf"), false},
	} {
		if got := within.Folder(c.shared, c.path); got != c.want {
			t.Errorf("Folder(%q, %q) = %v, want %v", c.shared, c.path, got, c.want)
		}
	}
}

func ExampleFolder() {
	fmt.Println(within.Folder("/home/sam/Dropbox", "/home/sam/Dropbox/notes/kintsugi.pdf"))
	fmt.Println(within.Folder("/home/sam/Dropbox", "/home/sam/Documents/kintsugi.pdf"))
	fmt.Println(within.Folder("", "/home/sam/Dropbox/kintsugi.pdf")) // no shared folder set
	// Output:
	// true
	// false
	// false
}
