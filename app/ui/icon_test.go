package ui

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite goldens and the icon")

func TestIcon(t *testing.T) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, drawIcon(256)); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("assets/icon.png", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img, err := png.Decode(bytes.NewReader(iconPNG))
	if err != nil {
		t.Fatalf("assets/icon.png: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Fatalf("icon is %v, want 256x256", b)
	}
	if !bytes.Equal(buf.Bytes(), iconPNG) {
		t.Fatal("assets/icon.png differs from drawIcon; run go test -run TestIcon -update")
	}
}
