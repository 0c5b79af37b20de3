package sync

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/kintsugi-app/kintsugi/doc"
)

func FuzzFrameReader(f *testing.F) {
	f.Add(rawFrame(frameHello, hello{Version: 1, Schema: 1, Couple: testCouple}.marshal()))
	f.Add(append(rawFrame(frameSync, []byte{0x42, 0}), rawFrame(frameClose, closePayload(ErrProtocol))...))
	f.Add([]byte{0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Add([]byte{0x80, 0x80, 0x80, 0x20, 1})
	f.Add([]byte{5, 1, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		fr := newFrameReader(bytes.NewReader(b), 1<<16)
		total := 0
		for {
			fm, err := fr.next()
			if err != nil {
				if err != io.EOF && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, ErrProtocol) && !errors.Is(err, ErrFrameTooLarge) {
					t.Fatalf("unexpected error kind: %v", err)
				}
				return
			}
			total += 1 + len(fm.payload)
			if total > len(b) {
				t.Fatalf("read %d frame bytes from %d input bytes", total, len(b))
			}
			// Re-encoding gives a frame that reads back the same.
			var buf bytes.Buffer
			if err := writeFrame(&buf, fm.typ, fm.payload); err != nil {
				t.Fatal(err)
			}
			again, err := newFrameReader(&buf, 0).next()
			if err != nil || again.typ != fm.typ || !bytes.Equal(again.payload, fm.payload) {
				t.Fatalf("frame did not round-trip: %v", err)
			}
		}
	})
}

func FuzzHello(f *testing.F) {
	f.Add(hello{Version: 1, Schema: 1, Couple: testCouple, Empty: true}.marshal())
	f.Add(hello{Version: 1, Schema: 7, Couple: CoupleID{0xff}}.marshal())
	f.Add(append(hello{Version: 2, Schema: 1}.marshal(), "future fields"...))
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := parseHello(b)
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("error does not wrap ErrProtocol: %v", err)
			}
			return
		}
		h2, err := parseHello(h.marshal())
		if err != nil || h2 != h {
			t.Fatalf("hello did not round-trip: %+v -> %+v, %v", h, h2, err)
		}
	})
}

func FuzzParseSyncHeads(f *testing.F) {
	f.Add([]byte{0x42, 0})
	f.Add(append([]byte{0x42, 1}, make([]byte, 32)...))
	f.Add([]byte{0x42, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f})
	f.Add([]byte("garbage"))
	f.Fuzz(func(t *testing.T, b []byte) {
		heads, err := parseSyncHeads(b)
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("error does not wrap ErrProtocol: %v", err)
			}
			return
		}
		if 32*len(heads) > len(b) {
			t.Fatalf("%d heads from %d bytes", len(heads), len(b))
		}
	})
}

func FuzzParseClose(f *testing.F) {
	f.Add(closePayload(ErrWrongDocument))
	f.Add([]byte{0xff})
	f.Add(append([]byte{3}, bytes.Repeat([]byte{0xff}, 300)...))
	f.Fuzz(func(t *testing.T, b []byte) {
		re := parseClose(b)
		if len(re.Reason) > maxReason {
			t.Fatalf("reason of %d bytes", len(re.Reason))
		}
		_ = re.Error()
	})
}

func FuzzParseHeads(f *testing.F) {
	f.Add(marshalHeads(nil))
	f.Add(marshalHeads(make([]doc.Hash, 2)))
	f.Add([]byte{0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		hs, err := parseHeads(b)
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatal(err)
			}
			return
		}
		if !bytes.Equal(marshalHeads(hs), b) {
			t.Fatal("heads did not round-trip")
		}
	})
}

func TestUvarintRefusesLongForms(t *testing.T) {
	tests := []struct {
		in   []byte
		v    uint64
		n    int
		name string
	}{
		{[]byte{0}, 0, 1, "zero"},
		{[]byte{0x7f}, 127, 1, "one byte"},
		{[]byte{0x80, 0x01}, 128, 2, "two bytes"},
		{[]byte{0x80, 0x00}, 0, -1, "zero written in two bytes"},
		{[]byte{0xff, 0x00}, 0, -1, "127 written in two bytes"},
		{[]byte{0x80}, 0, 0, "truncated"},
	}
	for _, tt := range tests {
		v, n := uvarint(tt.in)
		if v != tt.v || n != tt.n {
			t.Errorf("%s: uvarint(%x) = %d, %d; want %d, %d", tt.name, tt.in, v, n, tt.v, tt.n)
		}
	}
}
