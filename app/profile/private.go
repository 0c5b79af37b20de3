package profile

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// private is what this device keeps for its owner alone, in privateFile:
// never part of the shared document, never in a bundle, never synced.
type private struct {
	// Notes are the private notes of my check-ins, by check-in ID.
	Notes map[string]string `json:"notes,omitempty"`
	// Safety is when I ticked the sign of abuse or ongoing harm (Unix
	// milliseconds), 0 when it is not ticked.
	Safety int64 `json:"safety_sign,omitempty"`
}

// readPrivate reads privateFile; a missing file is an empty one.
func (p *Profile) readPrivate() error {
	var pv private
	if err := p.readJSON(privateFile, &pv); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	p.priv = pv
	return nil
}

// setPrivateLocked saves what change makes of a copy of the private data, and
// keeps it only once it is on disk. p.mu must be held.
func (p *Profile) setPrivateLocked(change func(*private)) error {
	if p.closed {
		return ErrClosed
	}
	pv := private{Notes: make(map[string]string, len(p.priv.Notes)+1), Safety: p.priv.Safety}
	for k, v := range p.priv.Notes {
		pv.Notes[k] = v
	}
	change(&pv)
	if err := p.writeJSON(privateFile, pv); err != nil {
		return err
	}
	p.priv = pv
	return nil
}

// AddCheckIn records my check-in. Its note stays on this device, encrypted
// and never synced, unless c.NoteShared is set; the scores and feeling
// words are shared. It returns the check-in's ID.
func (p *Profile) AddCheckIn(c doc.CheckIn) (string, error) {
	note := strings.TrimSpace(c.Note)
	shared := c.NoteShared
	if !shared {
		c.Note = ""
	}
	id, err := p.Doc().AddCheckIn(c)
	if err != nil || shared || note == "" {
		return id, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.setPrivateLocked(func(pv *private) { pv.Notes[id] = note }); err != nil {
		return id, fmt.Errorf("the check-in was saved, but not its private note: %w", err)
	}
	return id, nil
}

// CheckIns returns the check-ins as I see them: the shared document's, with
// my private notes filled in (NoteShared false).
func (p *Profile) CheckIns() []doc.CheckIn {
	cs := p.Doc().CheckIns()
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, c := range cs {
		if n, ok := p.priv.Notes[c.ID]; ok && c.Note == "" {
			cs[i].Note, cs[i].NoteShared = n, false
		}
	}
	return cs
}

// PrivateNotes returns my private check-in notes by check-in ID.
func (p *Profile) PrivateNotes() map[string]string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]string, len(p.priv.Notes))
	for k, v := range p.priv.Notes {
		out[k] = v
	}
	return out
}

// SafetySign reports whether I ticked the sign of abuse or ongoing harm on
// this device.
func (p *Profile) SafetySign() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.priv.Safety != 0
}

// HelpSigns returns the professional-help checklist as I see it: the
// shared signs with both partners' ticks, and the private sign with my own
// tick on this device only.
func (p *Profile) HelpSigns() []doc.HelpSignState {
	signs := p.Doc().HelpSigns()
	if !p.SafetySign() {
		return signs
	}
	for i := range signs {
		if signs[i].Sign.Private() {
			signs[i].TickedBy = []string{p.PeerID()}
		}
	}
	return signs
}

// HelpAdvice returns the advice for the checklist as I see it: safety
// first when I ticked the sign of abuse or ongoing harm.
func (p *Profile) HelpAdvice() string { return doc.HelpAdviceFor(p.HelpSigns()) }

// TickHelpSign ticks (on) or unticks my sign on the checklist. The sign of
// abuse or ongoing harm is kept on this device only; the others are shared.
func (p *Profile) TickHelpSign(sign doc.HelpSign, on bool) error {
	if !sign.Private() {
		if on {
			return p.Doc().TickHelpSign(sign, p.PeerID())
		}
		return p.Doc().UntickHelpSign(sign, p.PeerID())
	}
	now := time.Now().UnixMilli()
	p.mu.Lock()
	defer p.mu.Unlock()
	if (p.priv.Safety != 0) == on {
		return nil
	}
	return p.setPrivateLocked(func(pv *private) {
		pv.Safety = 0
		if on {
			pv.Safety = now
		}
	})
}

// movePrivateTicks moves my tick of a private sign that an older version
// wrote into the shared document onto this device, and takes it out of the
// document, so the partner's copy stops holding it at the next sync.
func (p *Profile) movePrivateTicks() error {
	for _, sign := range []doc.HelpSign{doc.SignAbuse} {
		if !slices.Contains(p.Doc().SharedPrivateTicks(sign), p.PeerID()) {
			continue
		}
		if err := p.TickHelpSign(sign, true); err != nil {
			return err
		}
		if err := p.Doc().UntickHelpSign(sign, p.PeerID()); err != nil {
			return fmt.Errorf("failed to take a private sign off the shared checklist: %w", err)
		}
	}
	return nil
}
