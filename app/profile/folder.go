package profile

import (
	"context"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/kintsugi-app/kintsugi/internal/notify"
	"github.com/kintsugi-app/kintsugi/sync"
)

// The shared folder: a folder both laptops see (a cloud drive, a Syncthing
// or Nextcloud folder, a USB stick) that carries sealed bundles both ways.
// While the sync node runs, a watcher passes over it shortly after each
// edit, when a file in it changes, and every folderPoll in any case (file
// events do not cross network drives). Each pass merges the partner's
// bundles, writes mine, and prunes mine the partner has: see sync.Mailbox.

// Timing of the folder watcher. Variables so tests can shorten them.
var (
	// folderEditDelay gathers the edits of a moment into one bundle.
	folderEditDelay = 2 * time.Second
	// folderSettle lets a file that just appeared finish arriving.
	folderSettle = time.Second
	// folderPoll is the slow poll for drives that send no file events.
	folderPoll = 45 * time.Second
)

// FolderPass is one pass over the shared folder: what it did, or why it
// could not be done.
type FolderPass struct {
	Dir    string
	At     time.Time
	Report sync.FolderReport
	Err    error
	// Bad are the files in the folder, as of this pass, that are not a
	// valid bundle from the partner (left as they are).
	Bad []string
}

// folderWatch is the running folder watcher.
type folderWatch struct {
	box    *sync.Mailbox
	cancel context.CancelFunc
	done   chan struct{}
}

// SyncFolder does one pass over this device's shared folder: it merges
// the partner's bundles in it, writes a bundle of my changes they lack,
// and removes mine they have. A file in the folder that is not a valid
// bundle from the partner is skipped (listed in the report's Skipped),
// never deleted; it does not make the pass fail. Without a folder set it
// returns ErrNoFolder.
func (p *Profile) SyncFolder() (sync.FolderReport, error) {
	p.mu.Lock()
	dir := p.set.Folder
	var box *sync.Mailbox
	if p.net != nil && p.net.folder != nil && p.net.folder.box.Dir() == dir {
		box = p.net.folder.box // so a bad file is reported once
	}
	p.mu.Unlock()
	if dir == "" {
		return sync.FolderReport{}, ErrNoFolder
	}
	if box == nil {
		box = sync.NewMailbox(dir)
	}
	return p.folderPass(box)
}

// folderPass runs one pass over box, on the node when it runs.
func (p *Profile) folderPass(box *sync.Mailbox) (sync.FolderReport, error) {
	var rep sync.FolderReport
	err := p.withBundle(func(n *sync.Node, pin *partnerPin) (err error) {
		if n != nil {
			rep, err = n.SyncFolder(box)
		} else {
			rep, err = sync.SyncFolder(box, p.id, pin.Public, p.store.doc, stateStore{p})
		}
		return err
	})
	if rep.Merged > 0 {
		p.fixMyName()
		if ferr := p.store.flush(); ferr != nil && err == nil {
			err = ferr
		}
	}
	if rep.Merged > 0 || rep.Wrote != "" {
		if werr := p.noteFolderSynced(time.Now(), rep.Merged > 0); werr != nil && err == nil {
			err = werr
		}
	}
	return rep, err
}

// noteFolderSynced records that a pass over the shared folder carried
// changes at t, and the status says so. Only a pass that merged the
// partner's changes makes it the last sync: mine left in the folder have
// not reached the partner yet. The partner pin is written at most once a
// minute, and when the node stops or the profile closes.
func (p *Profile) noteFolderSynced(t time.Time, merged bool) error {
	p.mu.Lock()
	if p.pin == nil || p.closed {
		p.mu.Unlock()
		return nil
	}
	t = t.UTC()
	old := p.pin.FolderSynced
	p.pin.FolderSynced = t
	if merged {
		p.pin.FolderMerged = t
		if t.After(p.pin.LastSynced) {
			p.pin.LastSynced = t
		}
	}
	var err error
	if t.Sub(old) > time.Minute {
		err = p.writeJSON(partnerFile, p.pin)
		p.pinDirty = err != nil
	} else {
		p.pinDirty = true
	}
	last := p.pin.LastSynced
	p.mu.Unlock()
	p.resendStatus(last)
	return err
}

// resendStatus sends the current status again, with last as its last
// sync if that is later, so watchers look again at the shared folder.
func (p *Profile) resendStatus(last time.Time) {
	p.status.v.Update(func(s sync.Status) (sync.Status, bool) {
		if last.After(s.LastSynced) {
			s.LastSynced = last
		}
		return s, true
	})
}

// FolderSynced returns when a pass over the shared folder last carried
// changes (merged the partner's, or left mine there), or zero: none yet,
// or no shared folder set.
func (p *Profile) FolderSynced() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pin == nil || p.set.Folder == "" {
		return time.Time{}
	}
	return p.pin.FolderSynced
}

// FolderMerged returns when a pass over the shared folder last brought in
// the partner's changes, or zero: none yet, or no shared folder set.
func (p *Profile) FolderMerged() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pin == nil || p.set.Folder == "" {
		return time.Time{}
	}
	return p.pin.FolderMerged
}

// FolderPasses is the folder watcher's last pass as a [notify.Source]: it
// wakes after every pass, whether or not the pass carried anything, and
// when the folder changes (to the zero pass), so a screen that shows how
// the folder last went keeps up while it is open.
func (p *Profile) FolderPasses() notify.Source[FolderPass] { return &p.lastFolder }

// restartFolderLocked starts the folder watcher for the settings' folder on
// the running node, stopping any other. The old watcher is not waited for
// (it may be in a pass that needs p.mu): bundle passes run one at a time.
// p.mu is held.
func (p *Profile) restartFolderLocked() {
	n := p.net
	if n == nil {
		return
	}
	if n.folder != nil {
		n.folder.cancel()
		n.folder = nil
	}
	p.lastFolder.Update(func(cur FolderPass) (FolderPass, bool) { return FolderPass{}, !cur.At.IsZero() })
	dir := p.set.Folder
	if dir == "" {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	fw := &folderWatch{box: sync.NewMailbox(dir), cancel: cancel, done: make(chan struct{})}
	n.folder = fw
	go p.watchFolder(ctx, fw, n.opts.OnFolder)
}

// stopFolder stops the node's folder watcher and waits for it.
func (p *Profile) stopFolder(n *netState) {
	p.mu.Lock()
	fw := n.folder
	n.folder = nil
	p.mu.Unlock()
	if fw != nil {
		fw.cancel()
		<-fw.done
	}
}

// watchFolder passes over the folder at once, then shortly after an edit,
// when a file in the folder changes, and every folderPoll, until ctx ends.
// Each pass that did something or failed anew goes to report.
func (p *Profile) watchFolder(ctx context.Context, fw *folderWatch, report func(FolderPass)) {
	defer close(fw.done)
	dir := fw.box.Dir()
	changed, stop := p.store.doc.Subscribe()
	defer stop()
	var events chan fsnotify.Event
	var errs chan error
	w, err := fsnotify.NewWatcher()
	if err == nil {
		defer w.Close()
		events, errs = w.Events, w.Errors
	}
	watching := false
	watch := func() {
		if w != nil && !watching && w.Add(dir) == nil {
			watching = true
		}
	}
	poll := time.NewTicker(folderPoll)
	defer poll.Stop()
	timer := time.NewTimer(0)
	defer timer.Stop()
	pending := true
	soon := func(d time.Duration) {
		if !pending {
			pending = true
			timer.Reset(d)
		}
	}
	lastErr := ""
	for {
		select {
		case <-ctx.Done():
			return
		case <-changed:
			soon(folderEditDelay)
		case ev := <-events:
			if filepath.Clean(ev.Name) == filepath.Clean(dir) {
				watching = false // the folder itself went away
			}
			if !sync.IgnoredName(filepath.Base(ev.Name)) {
				soon(folderSettle)
			}
		case <-errs:
			// An overflow or a watch lost: the poll catches up.
		case <-poll.C:
			soon(0)
		case <-timer.C:
			pending = false
			watch()
			rep, err := p.folderPass(fw.box)
			if ctx.Err() != nil {
				return
			}
			pass := FolderPass{Dir: dir, At: time.Now(), Report: rep, Err: err, Bad: fw.box.Bad()}
			p.mu.Lock()
			if p.net != nil && p.net.folder == fw {
				p.lastFolder.Set(pass)
			}
			p.mu.Unlock()
			es := ""
			if err != nil {
				es = err.Error()
			}
			did := rep.Wrote != "" || rep.Merged > 0 || len(rep.Pruned) > 0 || len(rep.Skipped) > 0
			if report != nil && (did || es != lastErr) {
				report(pass)
			}
			lastErr = es
		}
	}
}
