package ui

import (
	"strings"
	stdsync "sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

func TestFlagBlame(t *testing.T) {
	if got := flagBlame("I'm sorry you felt hurt. I didn't mean to."); len(got) < 2 {
		t.Errorf("flagBlame found %q, want both phrases", got)
	}
	if got := flagBlame("I lied to you, and it hurt you. I am sorry."); len(got) != 0 {
		t.Errorf("flagBlame flagged a plain apology: %q", got)
	}
}

func TestSyncIndicator(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	for _, tc := range []struct {
		st   SyncStatus
		want string
	}{
		{SyncStatus{State: SyncOffline}, "Offline"},
		{SyncStatus{State: SyncLAN, LastSync: testNow.Add(-5 * time.Minute)}, "Connected · 5 min ago"},
		{SyncStatus{State: SyncRelay}, "Connected via relay"},
		{SyncStatus{State: SyncInSync, LastSync: testNow.Add(-time.Hour)}, "In sync · at 18:30"},
	} {
		alex.setStatus(tc.st)
		settle(h.b)
		if got := h.ui.syncBtn.Text; got != tc.want {
			t.Errorf("indicator = %q, want %q", got, tc.want)
		}
	}
	test.Tap(h.ui.syncBtn)
	wantText(t, c, "Both laptops have the same shared notes")
	golden(t, c, "sync_explained.xml")
}

// The header with the shared folder: the folder's words only while the
// partner's laptop is not connected and the folder carried the last
// changes; "Synced through" only when the partner's came in by it last,
// "Your changes are in the shared folder" when only mine went out since;
// the explanation names the folder in every state it is set. Away from
// the partner, the time says it is when they were last in sync.
func TestSyncIndicatorFolder(t *testing.T) {
	two := testNow.Add(-2 * time.Minute)
	for _, tc := range []struct {
		st        SyncStatus
		short     string
		longHas   string
		longHasnt string
	}{
		{SyncStatus{State: SyncOffline, LastSync: two, Folder: true, FolderSync: two, FolderIn: two}, "Synced through your shared folder · 2 min ago", "isn't connected right now, so changes travel through your shared folder", "is connected"},
		{SyncStatus{State: SyncConnecting, LastSync: two, Folder: true, FolderSync: two, FolderIn: two}, "Synced through your shared folder · 2 min ago", "through your shared folder", "is connected"},
		// Mine went into the folder; nothing came from the partner since.
		{SyncStatus{State: SyncOffline, LastSync: two.Add(-time.Hour), Folder: true, FolderSync: two}, "Your changes are in the shared folder · 2 min ago", "Your latest changes are waiting in your shared folder", "is connected"},
		{SyncStatus{State: SyncOffline, LastSync: two.Add(-time.Hour), Folder: true, FolderSync: two, FolderIn: two.Add(-time.Hour)}, "Your changes are in the shared folder · 2 min ago", "when their laptop next looks in the folder", "travel through"},
		// The network synced after the folder: it was not the way.
		{SyncStatus{State: SyncOffline, LastSync: two, Folder: true, FolderSync: two.Add(-time.Hour)}, "Offline · last in sync 2 min ago", "through your shared folder or the next time", ""},
		{SyncStatus{State: SyncConnecting, LastSync: two, Folder: true, FolderSync: two.Add(-time.Hour)}, "Connecting… · last in sync 2 min ago", "or through your shared folder", ""},
		{SyncStatus{State: SyncConnecting, LastSync: two}, "Connecting… · last in sync 2 min ago", "when the two laptops meet", "folder"},
		{SyncStatus{State: SyncOffline, Folder: true}, "Offline", "through your shared folder", ""},
		// A folder carried changes once, but is no longer set.
		{SyncStatus{State: SyncOffline, LastSync: two, FolderSync: two}, "Offline · last in sync 2 min ago", "the next time the two laptops", "folder"},
		{SyncStatus{State: SyncInSync, LastSync: two, Folder: true, FolderSync: two}, "In sync · 2 min ago", "Your shared folder carries changes too", ""},
		{SyncStatus{State: SyncRelay, Folder: true}, "Connected via relay", "Your shared folder carries changes too", ""},
		{SyncStatus{State: SyncInSync, LastSync: two}, "In sync · 2 min ago", "Both laptops", "folder"},
	} {
		short, long := syncWords(tc.st, testNow)
		if short != tc.short {
			t.Errorf("%+v: short %q, want %q", tc.st, short, tc.short)
		}
		if !strings.Contains(long, tc.longHas) || (tc.longHasnt != "" && strings.Contains(long, tc.longHasnt)) {
			t.Errorf("%+v: long %q, want %q in it and not %q", tc.st, long, tc.longHas, tc.longHasnt)
		}
	}

	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	alex.setStatus(SyncStatus{State: SyncOffline, LastSync: two, Folder: true, FolderSync: two, FolderIn: two})
	settle(h.b)
	if got := h.ui.syncBtn.Text; got != "Synced through your shared folder · 2 min ago" {
		t.Fatalf("indicator = %q", got)
	}
	test.Tap(h.ui.syncBtn)
	wantText(t, c, "Yours reach your partner when their laptop next looks in the folder.")
	golden(t, c, "sync_folder.xml")
	// The longer header still fits the demo's narrower window.
	h.win.Resize(DemoWindowSize)
	if min := c.Content().MinSize(); min.Width > DemoWindowSize.Width {
		t.Errorf("with the folder's header the window needs %v wide, the demo gives it %v", min.Width, DemoWindowSize.Width)
	}
	checkLayout(t, c, "the folder's header at the demo's size")
}

func TestPauseShownOnToday(t *testing.T) {
	alex, sam := pairedSessions(t)
	if err := sam.Doc().AskPause(sam.Me().ID, testNow.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := alex.Doc().AgreePause(alex.Me().ID); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, alex)
	c := h.win.Canvas()
	wantText(t, c, "You agreed to Sam's pause, until Thursday 19:30")
	tap(t, c, "End the pause")
	tapInDialog(t, c, "End the pause")
	h.edited()
	if hasText(c, "A pause is running") {
		t.Error("pause still shown after ending it")
	}
}

func TestKeyboard(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	shortcut := func(k fyne.KeyName) {
		c.(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault})
	}
	shortcut(fyne.Key2)
	if h.ui.current != 1 {
		t.Fatalf("Ctrl+2 shows screen %d, want Commitments", h.ui.current)
	}
	for k, want := range map[fyne.KeyName]string{fyne.Key0: "Journal", fyne.KeyI: "Insights", fyne.KeyComma: "Settings"} {
		shortcut(k)
		if got := h.ui.screens[h.ui.current].title; got != want {
			t.Errorf("Ctrl+%s shows %q, want %q", k, got, want)
		}
	}
	// Tab reaches the commitment entry and its button without the mouse.
	shortcut(fyne.Key2)
	seen := map[string]bool{}
	for range 40 {
		test.FocusNext(c)
		switch f := c.Focused().(type) {
		case *textEntry:
			seen["entry:"+f.PlaceHolder] = true
		case *widget.Button:
			seen["button:"+f.Text] = true
		}
	}
	for _, want := range []string{"entry:Something small you can keep, e.g. “Text when I'll be late”", "button:Add commitment"} {
		if !seen[want] {
			t.Errorf("Tab never reached %s; reached %v", want, seen)
		}
	}
}

func TestChangesSinceLastLooked(t *testing.T) {
	alex, sam := pairedSessions(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	if hasText(c, "since you last looked") {
		t.Fatal("pairing's own set-up shown as news")
	}
	if _, err := sam.Doc().AddNeed(sam.Me().ID, "A walk together"); err != nil {
		t.Fatal(err)
	}
	settle(h.b)
	wantText(t, c, "New from Sam since you last looked")
	wantText(t, c, "Since you last looked, Sam shared a need.")
	if hasText(c, "A walk together") && !hasText(c, "shared a need: A walk together") {
		t.Error("change list shows content")
	}
	tap(t, c, "Got it")
	if hasText(c, "since you last looked") {
		t.Fatal("changes still shown after Got it")
	}
}

// Only the partner's changes are news: your own never appear, whether
// made before or after the partner's.
func TestChangesOnlyPartners(t *testing.T) {
	alex, sam := pairedSessions(t)
	h := newHarness(t, alex)
	c := h.win.Canvas()
	must := func(_ string, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(alex.Doc().AddNeed(alex.Me().ID, "Quiet mornings"))
	iid, err := alex.Doc().AddInteraction(alex.Me().ID, doc.Affection, "A long hug")
	must(iid, err)
	settle(h.b)
	if hasText(c, "since you last looked") {
		t.Fatal("own changes shown as news")
	}
	must(sam.Doc().AddCheckIn(doc.CheckIn{Author: sam.Me().ID, Time: testNow, Safety: 6, Trust: 6, Connection: 6}))
	settle(h.b)
	must("", sam.Doc().NoticeInteraction(iid, sam.Me().ID))
	must(alex.Doc().AddCommitment(alex.Me().ID, "Call at lunch", doc.Daily))
	settle(h.b)
	wantText(t, c, "Since you last looked, Sam checked in and noticed one of your kind moments.")
	for _, own := range []string{"shared a need", "logged a kind moment", "made a commitment"} {
		if hasText(c, own) {
			t.Errorf("own change %q shown as news", own)
		}
	}
	golden(t, c, "today_partner_changes.xml")
}

func TestShortcutHelpNamesTheKey(t *testing.T) {
	alex, _ := pairedSessions(t)
	screens := newHarness(t, alex).ui.screens
	// From the list of screens, word for word as it was written by hand
	// (a screen added at the end adds its key after Settings').
	got := shortcutHelp("linux", screens)
	const start = "Ctrl+1 … Ctrl+9 and Ctrl+0: Today … Journal · Ctrl+I: Insights · Ctrl+, (comma): Settings · "
	const end = " · Ctrl+Y, outside a text field (in one it redoes): what the sync status means · Ctrl+L: lock · Tab and Shift+Tab move between fields and buttons; Space or Enter presses a button."
	if !strings.HasPrefix(got, start) || !strings.HasSuffix(got, end) {
		t.Errorf("shortcut help:\n%s\nwant it to start\n%s\nand end\n%s", got, start, end)
	}
	for _, tc := range []struct{ goos, key, not string }{{"linux", "Ctrl+L", "Cmd+"}, {"darwin", "Cmd+L", "Ctrl+"}} {
		if h := shortcutHelp(tc.goos, screens); !strings.Contains(h, tc.key) || strings.Contains(h, tc.not) {
			t.Errorf("shortcut help on %s: %q", tc.goos, h)
		}
	}
}

// Status changes that come while the UI goroutine is busy coalesce: one
// update waits for it, and it applies the latest status; the writer never
// waits for the header.
func TestSyncIndicatorLatestWins(t *testing.T) {
	alex, _ := pairedSessions(t)
	h := newHarness(t, alex)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 1000 {
			alex.setStatus(SyncStatus{State: SyncConnecting, LastSync: testNow.Add(-time.Duration(1000-i) * time.Minute)})
		}
		alex.setStatus(SyncStatus{State: SyncInSync, LastSync: testNow.Add(-5 * time.Minute)})
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("setting the status waited for the header")
	}
	time.Sleep(50 * time.Millisecond) // the follower's last load
	ran := 0
	for range 5 {
		ran += h.b.Drain()
		time.Sleep(20 * time.Millisecond)
	}
	if ran > 2 {
		t.Errorf("1001 status changes queued %d updates for the UI goroutine, want the latest only", ran)
	}
	if got := h.ui.syncBtn.Text; got != "In sync · 5 min ago" {
		t.Errorf("indicator = %q, want the latest status", got)
	}
}

// The header's words and Ctrl+Y's dialog come from one function on one
// clock: the header keeps up with the clock ("just now" becomes "2 min
// ago" without a new status), and the dialog's title is the header's.
func TestSyncWordsOneClock(t *testing.T) {
	old := statusTick
	statusTick = 5 * time.Millisecond
	t.Cleanup(func() { statusTick = old })
	alex, _ := pairedSessions(t)
	test.NewTempApp(t).Settings().SetTheme(newWarmTheme())
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 760))
	var mu stdsync.Mutex
	clock := testNow
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	b := &Bridge{manual: true}
	u := newUI(w, alex, b, now, &testLogin{})
	w.SetContent(u.content())
	t.Cleanup(u.close)
	c := w.Canvas()
	// eventually's settle would wait for the quick ticker to go quiet.
	until := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("never: %s (the header says %q)", what, u.syncBtn.Text)
			}
			b.Drain()
		}
	}

	alex.setStatus(SyncStatus{State: SyncInSync, LastSync: testNow})
	until("the header to say in sync", func() bool { return u.syncBtn.Text == "In sync · just now" })
	mu.Lock()
	clock = testNow.Add(2 * time.Minute)
	mu.Unlock()
	until("the header to keep up with the clock", func() bool { return u.syncBtn.Text == "In sync · 2 min ago" })
	test.Tap(u.syncBtn)
	if title := dialogTitle(c); title != u.syncBtn.Text {
		t.Errorf("the dialog says %q, the header %q", title, u.syncBtn.Text)
	}
	for _, o := range c.Overlays().List() {
		c.Overlays().Remove(o)
	}

	alex.setStatus(SyncStatus{State: SyncOffline, LastSync: testNow})
	until("the header to say when they were last in sync", func() bool { return u.syncBtn.Text == "Offline · last in sync 2 min ago" })
	test.Tap(u.syncBtn)
	if title := dialogTitle(c); title != "Offline · last in sync 2 min ago" {
		t.Errorf("the dialog says %q", title)
	}
}

// dialogTitle is the bold label's text in the top overlay (a dialog's title).
func dialogTitle(c fyne.Canvas) string {
	top := c.Overlays().Top()
	title := ""
	objects(top, func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok && l.TextStyle.Bold && l.Text != "" {
			title = l.Text
			return false
		}
		return true
	})
	return title
}
