package profile

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	stdsync "sync"
	"time"

	"github.com/kintsugi-app/kintsugi/crypto"
	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/sync"
)

// SyncOptions configure the sync node for one run.
type SyncOptions struct {
	// Listen are multiaddrs to listen on. Empty: the settings' addresses,
	// else all interfaces on the default port (TCP and QUIC).
	Listen []string
	// PartnerAddrs are extra multiaddrs to dial the partner at, besides the
	// last known ones and those found on the local network. A missing
	// /p2p/ part is filled in with the partner's peer ID.
	PartnerAddrs []string
	// Relay overrides the relay of the settings.
	Relay string
	// NoDiscovery turns off finding the partner on the local network
	// (mDNS): only the given and last known addresses (and the relay) are
	// dialed. For tests and locked-down networks.
	NoDiscovery bool
	// OnFolder, when set, is told of each pass over the shared folder that
	// did something (wrote, merged, pruned, or skipped a file that is not
	// a bundle from the partner) or failed anew. It runs on the watcher's
	// goroutine.
	OnFolder func(FolderPass)
	// PortMap asks the router (UPnP, NAT-PMP) to forward the node's port
	// from the internet for this run, and NoPortMap does not, whatever
	// the settings say ([Settings.PortMap], off by default: it opens this
	// laptop to anyone). NoPortMap wins over PortMap.
	PortMap   bool
	NoPortMap bool
}

// placeholderName stands for the partner's name in the document until the
// partner's own device writes it. Each device writes only its own name
// after that, so the two never disagree for long.
const placeholderName = "your partner"

// lingerAfterPairing keeps the inviter's node up a moment after pairing,
// so the last sync acknowledgement reaches the partner before it closes.
const lingerAfterPairing = time.Second

// netState is the running sync node and what goes with it.
type netState struct {
	node   *sync.Node
	cancel context.CancelFunc
	done   chan struct{}   // closed when noteSyncs ends
	ctx    context.Context // what StartSync was given, to restart it
	opts   SyncOptions
	folder *folderWatch // guarded by the profile's mu; nil without a folder
	// portMap is whether the node asks the router to forward its port.
	portMap bool

	stopOnce stdsync.Once
	stopErr  error
}

// stateStore keeps the node's sync state in syncstate.age, encrypted to me.
type stateStore struct{ p *Profile }

func (s stateStore) LoadSyncState() ([]byte, error) {
	var b []byte
	err := s.p.readJSON(syncStateFile, &b)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

func (s stateStore) SaveSyncState(b []byte) error {
	return s.p.writeJSON(syncStateFile, b)
}

// StartSync starts the sync node: it listens, finds and dials the partner
// and keeps the document in sync until ctx ends or the profile closes.
// Before pairing the node only listens, for Invite and Join. Starting a
// running node again does nothing.
func (p *Profile) StartSync(ctx context.Context, opts SyncOptions) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrClosed
	}
	if p.net != nil {
		return nil
	}
	cfg := sync.Config{
		Identity:    p.id,
		Doc:         p.store.doc,
		ListenAddrs: opts.Listen,
		Relay:       opts.Relay,
		MDNS:        !opts.NoDiscovery,
		NATPortMap:  (opts.PortMap || p.set.PortMap) && !opts.NoPortMap,
		State:       stateStore{p},
		Status:      &p.status.v,
	}
	if len(cfg.ListenAddrs) == 0 {
		cfg.ListenAddrs = p.set.Listen
	}
	if cfg.Relay == "" {
		cfg.Relay = p.set.Relay
	}
	if p.pin != nil {
		pub := p.pin.Public
		cfg.Partner = &pub
		cfg.PartnerAddrs = append(withPeer(opts.PartnerAddrs, p.pin.PeerID), p.pin.Addrs...)
	}
	node, err := sync.New(cfg)
	if err != nil {
		return fmt.Errorf("failed to start syncing: %w", err)
	}
	if err := node.Start(ctx); err != nil {
		node.Close()
		return fmt.Errorf("failed to start syncing: %w", err)
	}
	nctx, cancel := context.WithCancel(context.Background())
	n := &netState{node: node, cancel: cancel, done: make(chan struct{}), ctx: ctx, opts: opts, portMap: cfg.NATPortMap}
	p.net = n
	if p.pin != nil {
		p.restartFolderLocked()
	}
	go p.noteSyncs(nctx, n)
	go func() {
		select {
		case <-ctx.Done():
			p.stopSync(n)
		case <-nctx.Done():
		}
	}()
	return nil
}

// withPeer adds /p2p/ID to addresses that lack it.
func withPeer(addrs []string, id string) []string {
	out := make([]string, 0, len(addrs))
	for _, a := range addrs {
		if !strings.Contains(a, "/p2p/") {
			a = strings.TrimSuffix(a, "/") + "/p2p/" + id
		}
		out = append(out, a)
	}
	return out
}

// noteSyncs remembers when the two were last in sync, as the node's
// status (which the node keeps in the profile's, see [sync.Config.Status])
// says so. It relays nothing: the status's readers watch it directly.
func (p *Profile) noteSyncs(ctx context.Context, n *netState) {
	defer close(n.done)
	ch, stop := p.status.watch()
	defer stop()
	for {
		select {
		case s := <-ch:
			// A watcher sees only the latest status: an in-sync the
			// partner's leaving turned to offline at once still shows
			// in LastSynced.
			if s.State == sync.InSync || !s.LastSynced.IsZero() {
				p.noteSynced(s.LastSynced)
			}
		case <-ctx.Done():
			return
		}
	}
}

// noteSynced records the last sync time in the partner pin, at most once
// a minute (and always when the node stops).
func (p *Profile) noteSynced(t time.Time) {
	if t.IsZero() {
		t = time.Now()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pin == nil || p.closed {
		return
	}
	old := p.pin.LastSynced
	if !t.After(old) {
		return
	}
	p.pin.LastSynced = t.UTC()
	if t.Sub(old) > time.Minute {
		p.writeJSON(partnerFile, p.pin)
	}
}

// stopSync stops the node and saves the partner's addresses. It stays
// the running node until stopped, so that Close waits for it to finish
// writing rather than return while it still does.
func (p *Profile) stopSync(n *netState) error {
	err := n.stop(p)
	p.mu.Lock()
	if p.net == n {
		p.net = nil
	}
	p.mu.Unlock()
	return err
}

// stop stops the node once; a second caller waits for the first to finish.
func (n *netState) stop(p *Profile) error {
	n.stopOnce.Do(func() { n.stopErr = n.doStop(p) })
	return n.stopErr
}

func (n *netState) doStop(p *Profile) error {
	p.stopFolder(n)
	addrs := n.node.PartnerAddrs()
	err := n.node.Close()
	n.cancel()
	<-n.done
	// noteSyncs may have stopped before the node's last in-sync.
	last := p.status.get().LastSynced
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pin != nil && last.After(p.pin.LastSynced) {
		p.pin.LastSynced = last.UTC()
	}
	p.status.set(sync.Status{State: p.offlineStateLocked(), LastSynced: p.lastSyncedLocked()})
	if p.pin != nil {
		if len(addrs) > 0 {
			p.pin.Addrs = addrs
		}
		if werr := p.writeJSON(partnerFile, p.pin); werr != nil && err == nil {
			err = werr
		}
	}
	return err
}

// node returns the running node, or ErrNotRunning.
func (p *Profile) node() (*sync.Node, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrClosed
	}
	if p.net == nil {
		return nil, ErrNotRunning
	}
	return p.net.node, nil
}

// PortMapping reports whether the running sync node asks the router
// (UPnP, NAT-PMP) to forward its port; false when no node runs.
func (p *Profile) PortMapping() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.net != nil && p.net.portMap
}

// ErrNotRunning means a method needs the sync node: call StartSync first.
var ErrNotRunning = errors.New("syncing is not started")

// Status returns the current sync status.
func (p *Profile) Status() sync.Status {
	return p.status.v.Load()
}

// Watch returns a stream of sync status (offline, connecting, … and the
// time last in sync), starting with the current one, and a function to
// stop watching. It works before StartSync and across restarts of the node.
func (p *Profile) Watch() (<-chan sync.Status, func()) {
	return p.status.watch()
}

func (p *Profile) offlineStateLocked() sync.State {
	if p.pin != nil {
		return sync.Offline
	}
	return sync.Unpaired
}

// Invite opens an invite for ttl on the running node. The result channel
// receives once: the partner, when they joined and the first sync is done
// (or could not be done in time: pairing still stands), or why pairing
// did not happen.
//
// A paired profile may invite again: only its partner (who unpaired, or
// restored on a new laptop) can then join, and both confirm the safety
// number again; anyone else is refused with [ErrPaired].
func (p *Profile) Invite(ctx context.Context, ttl time.Duration) (crypto.Invite, <-chan PairResult, error) {
	n, err := p.node()
	if err != nil {
		return crypto.Invite{}, nil, err
	}
	inv, res, err := n.Invite(ctx, ttl)
	if err != nil {
		return crypto.Invite{}, nil, err
	}
	out := make(chan PairResult, 1)
	go func() {
		var r sync.PairResult
		select {
		case r = <-res:
		case <-ctx.Done():
			r = sync.PairResult{Err: ctx.Err()}
		}
		if r.Err != nil {
			out <- PairResult{Err: r.Err}
			return
		}
		pt, err := p.paired(r.Paired)
		if err != nil {
			out <- PairResult{Err: err}
			return
		}
		// Wait, briefly, for the partner's name to arrive with the first sync.
		p.settle(ctx, n)
		out <- PairResult{Partner: p.partnerOr(pt)}
	}()
	return inv, out, nil
}

// Join pairs with the partner who made the invite code, on the running
// node, and does the first sync.
// A paired profile may join only its own partner's invite again.
func (p *Profile) Join(ctx context.Context, code string) (PairResult, error) {
	inv, err := crypto.ParseInvite(code)
	if err != nil {
		return PairResult{}, err
	}
	return p.join(ctx, func(n *sync.Node) (sync.Paired, error) { return n.Join(ctx, inv) })
}

// join runs one way of joining on the node, then pins the partner and does
// the first sync: what Join and JoinFound share.
func (p *Profile) join(ctx context.Context, pair func(*sync.Node) (sync.Paired, error)) (PairResult, error) {
	n, err := p.node()
	if err != nil {
		return PairResult{}, err
	}
	pd, err := pair(n)
	if err != nil {
		return PairResult{}, err
	}
	pt, err := p.paired(pd)
	if err != nil {
		return PairResult{}, err
	}
	p.settle(ctx, n)
	return PairResult{Partner: p.partnerOr(pt)}, nil
}

// paired pins the partner and records the couple in the document.
func (p *Profile) paired(pd sync.Paired) (Partner, error) {
	pin := &partnerPin{PeerID: peerIDOf(pd.Partner), Public: pd.Partner, Addrs: pd.Addrs, PairedAt: time.Now().UTC()}
	if err := pin.check(); err != nil {
		return Partner{}, err
	}
	p.mu.Lock()
	if p.pin != nil && p.pin.PeerID != pin.PeerID {
		p.mu.Unlock()
		return Partner{}, ErrPaired
	}
	if p.pin != nil { // paired again with the same partner
		pin.Name, pin.LastSynced, pin.FolderSynced, pin.FolderMerged = p.pin.Name, p.pin.LastSynced, p.pin.FolderSynced, p.pin.FolderMerged
		pin.Addrs = append(pin.Addrs, p.pin.Addrs...)
	}
	if err := p.writeJSON(partnerFile, pin); err != nil {
		p.mu.Unlock()
		return Partner{}, err
	}
	p.pin = pin
	if p.net != nil && p.net.folder == nil {
		p.restartFolderLocked() // the shared folder serves once paired
	}
	name := p.meta.Name
	p.mu.Unlock()
	if len(p.store.doc.Partners()) == 0 {
		err := p.store.doc.SetCouple(doc.Partner{ID: p.PeerID(), Name: name}, doc.Partner{ID: pin.PeerID, Name: placeholderName})
		if err != nil {
			return Partner{}, fmt.Errorf("failed to record the couple: %w", err)
		}
	}
	if err := p.store.flush(); err != nil {
		return Partner{}, err
	}
	pt, _ := p.Partner()
	// Paired now, so no longer "unpaired"; but what the node already said
	// of the link (it may well be in sync by now) stands: overwriting it
	// with Offline left one laptop saying Offline until the first edit.
	p.status.setIf(func(cur sync.Status) bool { return cur.State == sync.Unpaired }, sync.Status{State: sync.Offline})
	return pt, nil
}

// settleTimeout bounds the first sync after pairing. Pairing stands even
// if it runs out; names settle at the next sync.
const settleTimeout = 20 * time.Second

// settle does the first sync after pairing, so both devices know both
// names: each writes its own name (again, should a merge have kept the
// placeholder the other wrote), waits for the partner's, and syncs; should
// the sync bring the placeholder back over its name, it goes round again.
// Then it lingers a moment so the partner, still settling, finds the two
// in sync rather than gone.
func (p *Profile) settle(ctx context.Context, n *sync.Node) {
	ctx, cancel := context.WithTimeout(ctx, settleTimeout)
	defer cancel()
	changed, stop := p.store.doc.Subscribe()
	defer stop()
	for {
		if !p.fixMyName() {
			if pt, ok := p.Partner(); ok && pt.Name != placeholderName {
				if err := n.SyncOnce(ctx); err != nil {
					return
				}
				if !p.fixMyName() {
					break
				}
				continue
			}
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return
		}
	}
	t := time.NewTimer(lingerAfterPairing)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// fixMyName writes my name into my slot of the couple if the document
// holds another (the placeholder the partner wrote, won in a merge).
// It reports whether it wrote.
func (p *Profile) fixMyName() bool {
	name := p.Name()
	wrote := false
	for _, pt := range p.store.doc.Partners() {
		if pt.ID == p.PeerID() && pt.Name != name {
			if p.store.doc.FillPartnerName(pt.ID, name) == nil {
				wrote = true
			}
		}
	}
	return wrote
}

func (p *Profile) partnerOr(pt Partner) Partner {
	if now, ok := p.Partner(); ok {
		return now
	}
	return pt
}

// SyncOnce syncs with the partner on the running node and returns once the
// two documents are the same, or when ctx ends.
func (p *Profile) SyncOnce(ctx context.Context) error {
	if !p.Paired() {
		return ErrNotPaired
	}
	n, err := p.node()
	if err != nil {
		return err
	}
	if err := n.SyncOnce(ctx); err != nil {
		return err
	}
	p.fixMyName()
	return nil
}

// ExportBundle writes a sealed bundle for the partner to path: the changes
// the partner lacks (or the whole document), signed by me and encrypted to
// the two of us, for a USB stick or a cloud folder.
func (p *Profile) ExportBundle(path string) error {
	var b []byte
	err := p.withBundle(func(n *sync.Node, pin *partnerPin) (err error) {
		if n != nil {
			b, err = n.ExportBundle()
		} else {
			b, err = sync.ExportBundle(p.id, pin.Public, p.store.doc, stateStore{p})
		}
		return err
	})
	if err != nil {
		return err
	}
	if err := crypto.WriteFileAtomic(path, b, 0o600); err != nil {
		return fmt.Errorf("failed to write the bundle: %w", err)
	}
	return nil
}

// ImportBundle merges a bundle the partner exported. A file that is not
// a bundle from the partner, for me, changes nothing.
func (p *Profile) ImportBundle(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() > sync.MaxBundleSize {
		return fmt.Errorf("%s: %w: %w", path, sync.ErrBundleInvalid, sync.ErrBundleTooLarge)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("failed to read the bundle: %w", err)
	}
	err = p.withBundle(func(n *sync.Node, pin *partnerPin) error {
		if n != nil {
			return n.ImportBundle(b)
		}
		return sync.ImportBundle(p.id, pin.Public, p.store.doc, stateStore{p}, b)
	})
	if err != nil {
		return err
	}
	p.fixMyName()
	return p.store.flush()
}

// bundleMu keeps two bundle operations from racing on the sync state.
var bundleMu stdsync.Mutex

func (p *Profile) withBundle(f func(n *sync.Node, pin *partnerPin) error) error {
	bundleMu.Lock()
	defer bundleMu.Unlock()
	p.mu.Lock()
	pin := p.pin
	var n *sync.Node
	if p.net != nil {
		n = p.net.node
	}
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if pin == nil {
		return ErrNotPaired
	}
	return f(n, pin)
}

// PartnerAddrs returns the partner's last known addresses.
func (p *Profile) PartnerAddrs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pin == nil {
		return nil
	}
	return append([]string(nil), p.pin.Addrs...)
}

// Addrs returns the addresses the running node listens on, or nil.
func (p *Profile) Addrs() []string {
	n, err := p.node()
	if err != nil {
		return nil
	}
	return n.Addrs()
}

// LastSynced returns when the two documents were last in sync, or zero.
func (p *Profile) LastSynced() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastSyncedLocked()
}

func (p *Profile) lastSyncedLocked() time.Time {
	if p.pin == nil {
		return time.Time{}
	}
	return p.pin.LastSynced
}

// Unpair forgets the partner on this laptop: the pin and what was known of
// the partner's copy. The shared document stays as it is, and the couple
// can pair again (Invite and Join): the partner's laptop, still paired,
// accepts this one again once both confirm the safety number. A running
// sync node is restarted unpaired.
func (p *Profile) Unpair() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return ErrClosed
	}
	if p.pin == nil {
		p.mu.Unlock()
		return ErrNotPaired
	}
	n := p.net
	p.mu.Unlock()
	if n != nil {
		p.stopSync(n) // saves the pin's addresses one last time
	}
	p.mu.Lock()
	for _, f := range []string{partnerFile, syncStateFile} {
		// Written empty, not deleted: a deleted pin would look like damage.
		if err := p.writeJSON(f, nil); err != nil {
			p.mu.Unlock()
			return fmt.Errorf("failed to forget the partner: %w", err)
		}
	}
	p.pin = nil
	p.mu.Unlock()
	p.status.set(sync.Status{State: sync.Unpaired})
	if n != nil && n.ctx.Err() == nil {
		return p.StartSync(n.ctx, n.opts)
	}
	return nil
}
