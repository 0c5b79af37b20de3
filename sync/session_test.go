package sync

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

func TestSessionConvergesAndStaysLive(t *testing.T) {
	da, db := doc.NewShared(), doc.NewShared()
	ea, eb := newEditor(t, da), newEditor(t, db)
	ea.set(t, "a1", "from a")
	eb.set(t, "b1", "from b")
	a, b := newPipeEnd(da, nil), newPipeEnd(db, nil)
	runPipe(t, a, b)
	waitConverged(t, 30*time.Second, da, db)
	a.waitInSync(t)
	b.waitInSync(t)
	for _, d := range []*doc.Shared{da, db} {
		if value(t, d, "a1") != "from a" || value(t, d, "b1") != "from b" {
			t.Fatal("edits missing after sync")
		}
	}

	// Live: a commit on A reaches B without any polling.
	h := ea.set(t, "a2", "live")
	waitFor(t, 20*time.Second, "live edit", func() bool { return hasHead(db, h) })
	if value(t, db, "a2") != "live" {
		t.Fatal("live edit missing on B")
	}
}

func TestSessionSnapshotForEmptyPartner(t *testing.T) {
	da, db := doc.NewShared(), doc.NewShared()
	ea := newEditor(t, da)
	for _, k := range []string{"x", "y", "z"} {
		ea.set(t, k, "v"+k)
	}
	a, b := newPipeEnd(da, nil), newPipeEnd(db, nil)
	runPipe(t, a, b)
	waitConverged(t, 30*time.Second, da, db)
	a.waitInSync(t)
	types := frameTypes(t, a.rec.bytes())
	if !bytes.Contains(types, []byte{frameSnapshot}) {
		t.Fatalf("A sent frames %x, want a snapshot for the empty partner", types)
	}
	if bytes.Contains(frameTypes(t, b.rec.bytes()), []byte{frameSnapshot}) {
		t.Fatal("the empty side sent a snapshot")
	}
}

func TestSessionResumesFromSavedState(t *testing.T) {
	da, db := doc.NewShared(), doc.NewShared()
	ea := newEditor(t, da)
	for i := range 50 {
		ea.set(t, string(rune('a'+i%26))+string(rune('0'+i/26)), "value")
	}
	eb := newEditor(t, db)
	eb.set(t, "b", "b") // not empty: no snapshot
	a, b := newPipeEnd(da, nil), newPipeEnd(db, nil)
	stop := runPipe(t, a, b)
	a.waitInSync(t)
	b.waitInSync(t)
	stop()
	first := len(a.rec.bytes())
	stateA, stateB := last(a.saved), last(b.saved)
	if stateA == nil || stateB == nil {
		t.Fatal("no sync state saved")
	}
	ea.set(t, "new", "one more")
	a2, b2 := newPipeEnd(da, stateA), newPipeEnd(db, stateB)
	runPipe(t, a2, b2)
	waitConverged(t, 30*time.Second, da, db)
	a2.waitInSync(t)
	if second := len(a2.rec.bytes()); second*3 > first {
		t.Errorf("resumed sync sent %d bytes, first sync %d: saved state not used", second, first)
	}
}

func last(ch chan []byte) []byte {
	var b []byte
	for {
		select {
		case b = <-ch:
		default:
			return b
		}
	}
}

// frameTypes lists the types of the frames in a recorded byte stream.
func frameTypes(t testing.TB, b []byte) []byte {
	t.Helper()
	fr := newFrameReader(bytes.NewReader(b), 0)
	var types []byte
	for {
		f, err := fr.next()
		if err == io.EOF {
			return types
		}
		if err != nil {
			t.Fatalf("recorded stream unreadable: %v", err)
		}
		types = append(types, f.typ)
	}
}

func rawFrame(typ byte, payload []byte) []byte {
	var b bytes.Buffer
	writeFrame(&b, typ, payload)
	return b.Bytes()
}

func TestSessionRefusesHostileInput(t *testing.T) {
	good := rawFrame(frameHello, hello{Version: ProtocolVersion, Schema: doc.SchemaVersion, Couple: testCouple}.marshal())
	huge := binary.AppendUvarint(nil, MaxFrameSize+1)
	tests := []struct {
		name     string
		input    []byte
		want     error
		wantCode uint64
	}{
		{"oversized frame", huge, ErrFrameTooLarge, codeTooLarge},
		{"garbage", bytes.Repeat([]byte("GET / HTTP/1.1\r\n"), 20), ErrProtocol, codeProtocol},
		{"empty frame", []byte{0}, ErrProtocol, codeProtocol},
		{"sync before hello", rawFrame(frameSync, []byte{0x42, 0}), ErrProtocol, codeProtocol},
		{"short hello", rawFrame(frameHello, []byte{1}), ErrProtocol, codeProtocol},
		{"wrong document", rawFrame(frameHello, hello{Version: 1, Schema: doc.SchemaVersion, Couple: CoupleID{9}}.marshal()), ErrWrongDocument, codeWrongDocument},
		{"newer schema", rawFrame(frameHello, hello{Version: 1, Schema: doc.SchemaVersion + 1, Couple: testCouple}.marshal()), ErrPartnerNewer, codeNewerSchema},
		{"newer protocol", rawFrame(frameHello, hello{Version: 2, Schema: 1, Couple: testCouple}.marshal()), ErrProtocol, codeProtocol},
		{"second hello", append(append([]byte{}, good...), good...), ErrProtocol, codeProtocol},
		{"sync message without sync type", append(append([]byte{}, good...), rawFrame(frameSync, []byte("not automerge"))...), ErrProtocol, codeProtocol},
		{"sync message with lying head count", append(append([]byte{}, good...), rawFrame(frameSync, []byte{0x42, 0x7f, 1, 2})...), ErrProtocol, codeProtocol},
		{"unknown frame", append(append([]byte{}, good...), rawFrame(0x7e, nil)...), ErrProtocol, codeProtocol},
		{"truncated frame", append(append([]byte{}, good...), 10, frameSync, 0x42), nil, codeNormal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := doc.NewShared()
			newEditor(t, d).set(t, "k", "mine")
			before := d.Save()
			local, remote := net.Pipe()
			errc := make(chan error, 1)
			s := &session{doc: d, couple: testCouple}
			go func() { errc <- s.run(context.Background(), local) }()

			// The attacker's side: write the input, read what comes back.
			got := make(chan []byte, 1)
			go func() { b, _ := io.ReadAll(remote); got <- b }()
			remote.Write(tt.input)
			if tt.name == "truncated frame" {
				remote.Close()
			}
			var err error
			select {
			case err = <-errc:
			case <-time.After(30 * time.Second):
				t.Fatal("session did not end")
			}
			if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			remote.Close()
			reply := <-got
			var code uint64 = codeNormal
			fr := newFrameReader(bytes.NewReader(reply), 0)
			for {
				f, err := fr.next()
				if err != nil {
					break
				}
				if f.typ == frameClose {
					code = parseClose(f.payload).Code
				}
			}
			if code != tt.wantCode {
				t.Errorf("close code %d, want %d", code, tt.wantCode)
			}
			if !bytes.Equal(d.Save(), before) {
				t.Error("local document changed")
			}
		})
	}
}

func TestRemoteErrorUnwraps(t *testing.T) {
	for _, err := range []error{ErrWrongDocument, ErrFrameTooLarge, ErrProtocol, ErrBadMessage, ErrNotPartner} {
		re := parseClose(closePayload(err))
		if !errors.Is(re, err) {
			t.Errorf("%v came back as %v", err, re)
		}
	}
	if re := parseClose(closePayload(ErrPartnerNewer)); !errors.Is(re, ErrPartnerOlder) {
		t.Errorf("newer-schema close came back as %v, want ErrPartnerOlder", re)
	}
}

func TestParseSyncHeadsMatchesAutomerge(t *testing.T) {
	d := doc.NewShared()
	e := newEditor(t, d)
	e.set(t, "a", "1")
	msg, ok := d.GenerateSyncMessage(d.NewSyncState())
	if !ok {
		t.Fatal("no sync message")
	}
	heads, err := parseSyncHeads(msg)
	if err != nil {
		t.Fatal(err)
	}
	if !sameHashes(heads, d.Heads()) {
		t.Fatalf("parsed heads %v, doc heads %v", heads, d.Heads())
	}
}
