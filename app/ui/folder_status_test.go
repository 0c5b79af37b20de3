package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/kintsugi-app/kintsugi/app/adapt"
	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/sync"
)

// When only the shared folder carries changes (the two laptops cannot
// reach each other), the header says the folder synced and when, never
// that the partner is there; "last synced" moves with each pass that
// carried something; Ctrl+Y's explanation speaks of the folder. On the
// real stack: Alex's app runs its node with no way to reach Sam, whose
// profile runs no node at all and passes over the folder as `kintsugi
// folder sync` does.
func TestHeaderSyncedThroughFolderRealStack(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dir := t.TempDir()
	a, s, err := adapt.DemoPair(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	s.Close()
	shared := t.TempDir()

	sam, err := profile.Open(filepath.Join(dir, "Sam"), adapt.DemoPassphrase("Sam"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sam.Close() })
	sst := sam.Settings()
	sst.Folder = shared
	if err := sam.SetSettings(sst); err != nil {
		t.Fatal(err)
	}
	alex, err := adapt.DemoOpener(dir, "Alex").Open(adapt.DemoPassphrase("Alex"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { alex.Close() })

	h := newRealClockHarness(t, alex)
	c := h.win.Canvas()
	paired := h.ui.status.LastSync
	if got := h.ui.syncBtn.Text; strings.Contains(got, "folder") {
		t.Fatalf("header before any folder: %q", got)
	}

	// Alex chooses the folder: nothing carried yet, so still offline,
	// and the explanation mentions the folder as a way.
	ast := alex.Settings()
	ast.Folder = shared
	if err := alex.SetSettings(ast); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the header to know of the folder", func() bool { return h.ui.status.Folder }, h)

	// Sam's edit reaches Alex through the folder alone.
	time.Sleep(20 * time.Millisecond)
	if _, err := sam.Doc().AddNeed(sam.PeerID(), "a slow Sunday"); err != nil {
		t.Fatal(err)
	}
	if rep, err := sam.SyncFolder(); err != nil || rep.Wrote == "" {
		t.Fatalf("Sam's pass: %+v, %v", rep, err)
	}
	eventually(t, "Alex to get Sam's need through the folder", func() bool { return len(alex.Doc().Needs()) == 1 }, h)
	eventually(t, "the header to say the folder synced", func() bool {
		return h.ui.syncBtn.Text == "Synced through your shared folder · just now"
	}, h)
	if st := h.ui.status; !st.LastSync.After(paired) || !st.FolderSync.Equal(st.LastSync) || !st.FolderIn.Equal(st.LastSync) {
		t.Errorf("last synced did not move with the folder: %+v (paired %v)", st, paired)
	}
	if st := adapt.ProfileOf(alex).Status(); st.State == sync.InSync || st.State == sync.Connected || st.State == sync.Syncing {
		t.Fatalf("the two reached each other over the network: %v", st.State)
	}

	// Ctrl+Y away from a field explains it, without claiming Sam is there.
	c.Unfocus()
	press(c, &fyne.ShortcutRedo{})
	wantText(t, c, "Your partner's laptop isn't connected right now, so changes travel through your shared folder")
	if hasText(c, "is connected") {
		t.Error("the explanation claims the partner is connected")
	}
	for _, o := range c.Overlays().List() {
		c.Overlays().Remove(o)
	}

	// Alex's own edit is left in the folder shortly after, while Sam's
	// laptop is closed: the header says it is in the folder, not that the
	// two synced; last synced stays; Sam picks it up from there.
	was, wasOut := h.ui.status.LastSync, h.ui.status.FolderSync
	if _, err := alex.Doc().AddNeed(alex.Me().ID, "a note on the fridge"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "Alex's edit to be left in the folder", func() bool { return h.ui.status.FolderSync.After(wasOut) }, h)
	if got := h.ui.syncBtn.Text; got != "Your changes are in the shared folder · just now" {
		t.Errorf("header after Alex's edit went out: %q", got)
	}
	if st := h.ui.status; !st.LastSync.Equal(was) {
		t.Errorf("last synced moved when only Alex's edit went out: %v, was %v", st.LastSync, was)
	}
	if rep, err := sam.SyncFolder(); err != nil || rep.Merged != 1 {
		t.Fatalf("Sam's second pass: %+v, %v", rep, err)
	}
	if got := len(sam.Doc().Needs()); got != 2 {
		t.Errorf("Sam has %d needs, want 2", got)
	}

	// Without the folder, the header no longer speaks of it.
	ast.Folder = ""
	if err := alex.SetSettings(ast); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the header to forget the folder", func() bool { return !strings.Contains(h.ui.syncBtn.Text, "folder") }, h)
	if got := h.ui.syncBtn.Text; !strings.HasPrefix(got, "Offline") && !strings.HasPrefix(got, "Connecting") {
		t.Errorf("header without the folder: %q", got)
	}
}

// newRealClockHarness is newHarness on the real clock, for times that come
// from the real stack.
func newRealClockHarness(t *testing.T, sess Session) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newWarmTheme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 760))
	b := &Bridge{manual: true}
	u := newUI(w, sess, b, time.Now, &testLogin{})
	w.SetContent(u.content())
	t.Cleanup(u.close)
	settle(b)
	return &harness{t: t, win: w, b: b, ui: u}
}

// The header follows the profile's one status value on the real stack:
// Alex's header says "In sync" once the two real nodes have synced, and
// "Offline" or "Connecting" once Sam's laptop goes away, each time the
// words of the status the profile holds then; nothing relays it between.
func TestHeaderFollowsSyncStatusRealStack(t *testing.T) {
	alex, sam := realCouple(t)
	h := newRealClockHarness(t, alex)
	p := adapt.ProfileOf(alex)
	eventually(t, "Alex's header to say in sync", func() bool { return strings.HasPrefix(h.ui.syncBtn.Text, "In sync") }, h)
	if st := p.Status(); st.State != sync.InSync || h.ui.status.LastSync != st.LastSynced {
		t.Fatalf("header shows %+v, the profile holds %+v", h.ui.status, st)
	}

	if err := sam.Close(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "Alex's header to see Sam leave", func() bool {
		got := h.ui.syncBtn.Text
		return strings.HasPrefix(got, "Offline") || strings.HasPrefix(got, "Connecting")
	}, h)
	if got := h.ui.syncBtn.Text; !strings.HasSuffix(got, " · last in sync just now") {
		t.Errorf("header %q forgot the last sync", got)
	}
	if st := p.Status(); st.State != sync.Offline && st.State != sync.Connecting {
		t.Errorf("header %q, but the profile holds %v", h.ui.syncBtn.Text, st.State)
	}
}
