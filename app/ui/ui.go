package ui

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/kintsugi-app/kintsugi/doc"
)

// screen is one page of the main window, and the one shape every screen
// has. It declares its title and icon; its shortcut key comes from its line
// in [screenList]. view is built once. load reads the document and computes
// everything off the UI goroutine, touching no widget, and returns apply,
// which only sets widgets, on the UI goroutine (see [ui.reload]). What the
// user is typing and where the focus is stay untouched when the partner's
// edits arrive. An action reads its widgets and hands the edit to [ui.act]
// (or [ui.submit]), which runs it off the UI goroutine; it never reloads
// or sets what the load shows by hand: the document's notification
// reloads the screen, for the user's own edits as for the partner's.
type screen struct {
	title string
	icon  fyne.Resource
	key   fyne.KeyName
	view  fyne.CanvasObject
	load  func() (apply func())
}

// newScreen returns the screen titled title, with its icon, view and load.
func newScreen(title string, icon fyne.Resource, view fyne.CanvasObject, load func() (apply func())) *screen {
	return &screen{title: title, icon: icon, view: view, load: load}
}

// screenList is the one list of the main window's screens: their order in
// the navigation, their shortcut keys and the shortcut help all come from
// it. A screen's key (with Ctrl, or Cmd on macOS) belongs to the screen:
// adding, removing or moving a screen never moves another screen's key.
// A new screen is one file and one line here.
var screenList = []screenLine{
	{fyne.Key1, newTodayScreen},
	{fyne.Key2, newCommitmentsScreen},
	{fyne.Key3, newNeedsScreen},
	{fyne.Key4, newBoundariesScreen},
	{fyne.Key5, newQuestionsScreen},
	{fyne.Key6, newApologyScreen},
	{fyne.Key7, newRepairScreen},
	{fyne.Key8, newMilestonesScreen},
	{fyne.Key9, newJourneyScreen},
	{fyne.Key0, newJournalScreen},
	{fyne.KeyI, newInsightsScreen},
	{fyne.KeyComma, newSettingsScreen},
}

// screenLine is one screen of [screenList]: its key and how to build it.
type screenLine struct {
	key   fyne.KeyName
	build func(*ui) *screen
}

// ui is the main window of an unlocked, usually paired, profile.
type ui struct {
	win     fyne.Window
	sess    Session
	doc     *doc.Shared
	me      Person
	b       *Bridge
	now     func() time.Time
	stop    chan struct{}
	lock    func()     // shows the unlock screen; set by the flow
	rebuild func()     // rebuilds the main screens; set by the flow
	login   LoginEntry // "Start Kintsugi when I log in", nil where not offered

	screens     []*screen
	current     int
	shown       int       // counts screen switches, to drop a stale load
	loading     bool      // a load runs; UI goroutine only
	again       bool      // another change came while loading: load once more
	today       *today    // for tests
	insights    *insights // for tests
	repair      *repair   // for tests
	journal     *journalScreen
	export      *exportBox // for tests
	nav         *widget.List
	body        *fyne.Container
	syncBtn     *widget.Button
	status      SyncStatus
	shownStatus SyncStatus // the status the header last showed
	who         *widget.Label
	topBar      *fyne.Container

	edits []pendingEdit // the actions' edits, the first one running; UI goroutine only
}

// login is the login entry Settings offers, nil for none (the demo).
func newUI(win fyne.Window, sess Session, b *Bridge, now func() time.Time, login LoginEntry) *ui {
	if now == nil {
		now = time.Now
	}
	u := &ui{win: win, sess: sess, doc: sess.Doc(), me: sess.Me(), b: b, now: now, login: login, stop: make(chan struct{})}
	for _, d := range screenList {
		s := d.build(u)
		s.key = d.key
		u.screens = append(u.screens, s)
	}
	return u
}

// partner returns the partner, or a placeholder before pairing.
func (u *ui) partner() Person {
	if p, ok := u.sess.Partner(); ok {
		return p
	}
	return Person{ID: "", Name: "your partner"}
}

// nameOf names a partner ID from this user's point of view.
func (u *ui) nameOf(id string) string {
	switch id {
	case u.me.ID:
		return "You"
	case u.partner().ID:
		return u.partner().Name
	}
	return "Someone"
}

// content builds the window content and starts following the store and the
// sync status.
func (u *ui) content() fyne.CanvasObject {
	u.nav = widget.NewList(
		func() int { return len(u.screens) },
		func() fyne.CanvasObject {
			return container.NewHBox(widget.NewIcon(theme.HomeIcon()), widget.NewLabel("Commitments……"))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			row.Objects[0].(*widget.Icon).SetResource(u.screens[i].icon)
			row.Objects[1].(*widget.Label).SetText(u.screens[i].title)
		})
	u.nav.OnSelected = func(i widget.ListItemID) { u.show(i) }

	u.body = container.NewStack()
	u.syncBtn = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), u.explainSync)
	u.syncBtn.Importance = widget.LowImportance
	u.setStatus(SyncStatus{State: SyncOffline})
	if p, ok := u.sess.Partner(); ok {
		u.who = widget.NewLabel(u.me.Name + " & " + p.Name)
	} else {
		u.who = widget.NewLabel(u.me.Name)
	}
	title := widget.NewLabelWithStyle("Kintsugi", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	lockBtn := widget.NewButtonWithIcon("Lock", theme.LogoutIcon(), func() { u.doLock() })
	lockBtn.Importance = widget.LowImportance
	u.topBar = container.NewHBox(widget.NewIcon(iconResource()), title, u.who, layout.NewSpacer(), u.syncBtn, lockBtn)
	top := container.NewVBox(u.topBar, widget.NewSeparator())

	split := container.NewHSplit(u.nav, u.body)
	split.Offset = 0.2
	u.nav.Select(0)

	changed, cancel := u.doc.Subscribe()
	go func() { <-u.stop; cancel() }()
	follow(u.b, changed, u.stop, func(struct{}) { u.refresh() })
	followLatest(u.b, u.sess.SyncStatus(), u.stop, u.setStatus)
	every(u.b, statusTick, u.stop, u.showStatus)
	u.addShortcuts()
	return container.NewBorder(top, nil, nil, nil, split)
}

// show switches to screen i.
func (u *ui) show(i int) {
	if i < 0 || i >= len(u.screens) {
		return
	}
	// Another screen opens at its top, where a card that came meanwhile
	// (a request for a pause, the partner's news) is seen.
	if sc, ok := u.screens[i].view.(*container.Scroll); ok && i != u.current {
		sc.ScrollToTop()
	}
	u.current = i
	u.shown++
	// A field of the screen being left must not keep the keyboard, or
	// what is typed next would go to a field no longer on screen.
	if c := u.win.Canvas(); c != nil {
		if _, typing := c.Focused().(*textEntry); typing {
			c.Unfocus()
		}
	}
	s := u.screens[i]
	u.body.Objects = []fyne.CanvasObject{s.view}
	u.body.Refresh()
	u.reload()
}

// refresh re-reads the current screen after a change.
func (u *ui) refresh() {
	if u.body == nil {
		return
	}
	if p, ok := u.sess.Partner(); ok {
		u.who.SetText(u.me.Name + " & " + p.Name)
	}
	u.reload()
}

// reload re-reads the current screen. Its load step reads the
// document on a goroutine and applies the result on the UI goroutine, so a
// five-year history never stalls typing. Loads never pile up: while one
// runs, later changes ask for a single load after it; and a result for a
// screen the user has left meanwhile is dropped. Runs on the UI goroutine.
func (u *ui) reload() {
	s := u.screens[u.current]
	if u.loading {
		u.again = true
		return
	}
	u.loading = true
	shown := u.shown
	var apply func()
	u.b.Async(func() { apply = s.load() }, func() {
		u.loading = false
		if shown == u.shown && !u.b.stopped.Load() {
			apply()
		}
		if u.again {
			u.again = false
			u.reload()
		}
	})
}

// screenIndex returns the index of the screen with the given title.
func (u *ui) screenIndex(title string) int {
	for i, s := range u.screens {
		if s.title == title {
			return i
		}
	}
	return -1
}

// openTitled shows the screen with the given title, if there is one.
func (u *ui) openTitled(title string) {
	if i := u.screenIndex(title); i >= 0 {
		u.nav.Select(i)
	}
}

// appKeys are the keys other than the screens' that, with Ctrl (Cmd on
// macOS), belong to the app: L locks, Y explains the sync status.
var appKeys = []fyne.KeyName{fyne.KeyL, fyne.KeyY}

// appShortcut reports whether s is one of the app's own shortcuts, which
// a text field passes on to the window.
func appShortcut(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || cs.Modifier != fyne.KeyModifierShortcutDefault {
		return false
	}
	if slices.Contains(appKeys, cs.KeyName) {
		return true
	}
	return slices.ContainsFunc(screenList, func(l screenLine) bool { return l.key == cs.KeyName })
}

func (u *ui) addShortcuts() {
	c := u.win.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { u.doLock() })
	for _, s := range u.screens {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: s.key, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { u.openTitled(s.title) })
	}
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyY, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { u.explainSync() })
	// A real window reports Ctrl+Y as Redo, whatever has the focus: away
	// from a text field it explains the sync status; in one it redoes.
	c.AddShortcut(&fyne.ShortcutRedo{}, func(fyne.Shortcut) { u.explainSync() })
}

// shortcutHelp lists the keyboard shortcuts of screens for the Settings
// screen, with the shortcut key of goos: Fyne's default shortcut modifier
// is Command on macOS and Ctrl elsewhere. A run of screens on the digit
// keys is named by its first and last.
func shortcutHelp(goos string, screens []*screen) string {
	var parts []string
	digits := func(s *screen) bool { return len(s.key) == 1 && s.key >= fyne.Key0 && s.key <= fyne.Key9 }
	for i := 0; i < len(screens); i++ {
		s := screens[i]
		j := i
		for j+1 < len(screens) && digits(s) && digits(screens[j+1]) {
			j++
		}
		switch {
		case j > i+1 && screens[j].key == fyne.Key0: // 0 comes after 9 on the keyboard
			parts = append(parts, "Ctrl+"+string(s.key)+" … Ctrl+"+string(screens[j-1].key)+" and Ctrl+0: "+s.title+" … "+screens[j].title)
		case j > i+1:
			parts = append(parts, "Ctrl+"+string(s.key)+" … Ctrl+"+string(screens[j].key)+": "+s.title+" … "+screens[j].title)
		case j == i+1:
			parts = append(parts, "Ctrl+"+string(s.key)+" and Ctrl+"+string(screens[j].key)+": "+s.title+" and "+screens[j].title)
		default:
			parts = append(parts, keyWords(s.key)+": "+s.title)
		}
		i = j
	}
	parts = append(parts, "Ctrl+Y, outside a text field (in one it redoes): what the sync status means", "Ctrl+L: lock",
		"Tab and Shift+Tab move between fields and buttons; Space or Enter presses a button.")
	return withShortcutKey(goos, strings.Join(parts, " · "))
}

// keyWords names the shortcut of key k.
func keyWords(k fyne.KeyName) string {
	if k == fyne.KeyComma {
		return "Ctrl+, (comma)"
	}
	return "Ctrl+" + string(k)
}

// withShortcutKey writes s, whose shortcuts say Ctrl, for goos.
func withShortcutKey(goos, s string) string {
	if goos == "darwin" {
		return strings.ReplaceAll(s, "Ctrl+", "Cmd+")
	}
	return s
}

func (u *ui) removeShortcuts() {
	c := u.win.Canvas()
	c.RemoveShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault})
	c.RemoveShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyY, Modifier: fyne.KeyModifierShortcutDefault})
	c.RemoveShortcut(&fyne.ShortcutRedo{})
	for _, s := range u.screens {
		c.RemoveShortcut(&desktop.CustomShortcut{KeyName: s.key, Modifier: fyne.KeyModifierShortcutDefault})
	}
}

// close stops following the store and the sync status.
func (u *ui) close() {
	select {
	case <-u.stop:
	default:
		close(u.stop)
		u.removeShortcuts()
	}
}

// doLock locks the app. Closing the session (off the UI goroutine, in the
// flow's lock) also saves and locks the journal.
func (u *ui) doLock() {
	u.close()
	if u.lock != nil {
		u.lock()
		return
	}
	u.b.Async(u.sess.LockJournal, func() {})
}

// syncWords returns the indicator text and the plain explanation. When the
// partner's laptop is not connected and the shared folder carried the last
// changes, it says so, and only that: the partner may well be offline.
//
// The times say what they are: "In sync · just now" is when they were in
// sync, and away from the partner "Offline · last in sync 5 min ago".
func syncWords(s SyncStatus, now time.Time) (short, long string) {
	last, lastIn := "", ""
	if !s.LastSync.IsZero() {
		last = " · " + ago(s.LastSync, now)
		lastIn = " · last in sync " + ago(s.LastSync, now)
	}
	also := ""
	if s.Folder {
		also = " Your shared folder carries changes too, for when the laptops can't reach each other."
	}
	viaFolder := viaFolder(s)
	switch s.State {
	case SyncUnpaired:
		return "Not paired yet", "This laptop is not paired with your partner yet. Open Settings and choose “Pair with my partner” when you are together."
	case SyncConnecting:
		if viaFolder {
			break
		}
		if s.Folder {
			return "Connecting…" + lastIn, "Looking for your partner's laptop. Your changes are kept safely here and will be shared when the two laptops meet, or through your shared folder."
		}
		return "Connecting…" + lastIn, "Looking for your partner's laptop. Your changes are kept safely here and will be shared when the two laptops meet."
	case SyncLAN:
		return "Connected" + last, "Your partner's laptop is connected over your home network. Changes are shared directly, encrypted, with no server in between." + also
	case SyncRelay:
		return "Connected via relay" + last, "Your partner's laptop is connected through the relay you set up. The relay only passes on encrypted data it cannot read." + also
	case SyncSyncing:
		return "Syncing…" + last, "Sharing the latest changes with your partner's laptop." + also
	case SyncInSync:
		return "In sync" + last, "Both laptops have the same shared notes. Anything either of you adds appears on the other within moments." + also
	}
	if viaFolder {
		when := " · " + ago(s.FolderSync, now)
		if s.FolderIn.Before(s.FolderSync) { // mine went out last; nothing new came in
			return "Your changes are in the shared folder" + when, "Your partner's laptop isn't connected right now. Your latest changes are waiting in your shared folder, sealed so only the two of you can read them, and reach your partner when their laptop next looks in the folder."
		}
		return "Synced through your shared folder" + when, "Your partner's laptop isn't connected right now, so changes travel through your shared folder, sealed so only the two of you can read them. Yours reach your partner when their laptop next looks in the folder."
	}
	if s.Folder {
		return "Offline" + lastIn, "Your partner's laptop can't be reached right now. Keep going: everything you add is saved here and will be shared, encrypted, through your shared folder or the next time the two laptops can reach each other."
	}
	return "Offline" + lastIn, "Your partner's laptop can't be reached right now. Keep going: everything you add is saved here and will be shared, encrypted, the next time the two laptops can reach each other."
}

// viaFolder reports whether the shared folder carried the last changes,
// either way, while the partner's laptop is not connected.
func viaFolder(s SyncStatus) bool {
	away := s.State == SyncOffline || s.State == SyncConnecting
	return away && s.Folder && !s.FolderSync.IsZero() && !s.FolderSync.Before(s.LastSync)
}

// statusTick is how often the header's words are said again, so its
// "5 min ago" keeps up with the clock. A variable so tests can shorten it.
var statusTick = 20 * time.Second

// statusWords are the header's words and their explanation, now: the
// header and Ctrl+Y's dialog both say these, on the one clock.
func (u *ui) statusWords() (short, long string) { return syncWords(u.status, u.now()) }

// setStatus shows the sync status s in the header.
func (u *ui) setStatus(s SyncStatus) {
	u.status = s
	u.showStatus()
}

// showStatus says the current status in the header, as of now.
func (u *ui) showStatus() {
	s := u.status
	short, _ := u.statusWords()
	if u.syncBtn.Text == short && u.shownStatus == s {
		return
	}
	u.shownStatus = s
	u.syncBtn.SetText(short)
	switch {
	case viaFolder(s):
		u.syncBtn.SetIcon(theme.FolderIcon())
	case s.State == SyncInSync, s.State == SyncLAN, s.State == SyncRelay:
		u.syncBtn.SetIcon(theme.ConfirmIcon())
	case s.State == SyncSyncing, s.State == SyncConnecting:
		u.syncBtn.SetIcon(theme.ViewRefreshIcon())
	default:
		u.syncBtn.SetIcon(theme.CancelIcon())
	}
	if u.topBar != nil {
		u.topBar.Refresh() // the text's width changed
	}
}

func (u *ui) explainSync() {
	u.showStatus() // the header says what the dialog says
	short, long := u.statusWords()
	l := widget.NewLabel(long)
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(short, "OK", container.NewGridWrap(fyne.NewSize(380, 120), l), u.win)
	d.Show()
}

// ago says how long ago t was, in plain words.
func ago(t, now time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 24*time.Hour && now.YearDay() == t.YearDay():
		return "at " + t.Format("15:04")
	}
	return t.Format("Jan 2, 15:04")
}

// seenKey is where this device remembers which changes the user has seen.
// The value holds change hashes only, never content.
func (u *ui) seenKey() string { return "seen." + u.me.ID }

// seenHeads returns the document heads the user last marked seen (none at
// first, which means everything is new).
func (u *ui) seenHeads() []doc.Hash {
	return parseHeads(fyne.CurrentApp().Preferences().String(u.seenKey()))
}

// parseHeads reads space-separated hex change hashes; anything malformed
// gives none (everything counts as new), never an error.
func parseHeads(s string) []doc.Hash {
	var hs []doc.Hash
	for _, f := range strings.Fields(s) {
		b, err := hex.DecodeString(f)
		if err != nil || len(b) != len(doc.Hash{}) {
			return nil
		}
		hs = append(hs, doc.Hash(b))
	}
	return hs
}

// markSeen remembers the current heads as seen.
func (u *ui) markSeen() {
	var parts []string
	for _, h := range u.doc.Heads() {
		parts = append(parts, h.String())
	}
	fyne.CurrentApp().Preferences().SetString(u.seenKey(), strings.Join(parts, " "))
}
