package doc

import (
	"fmt"
	"sort"
	"strings"

	"github.com/automerge/automerge-go"
)

// Partner is one of the two people sharing the document, identified by the
// libp2p peer ID of their device.
type Partner struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// The couple map holds two slots, "a" and "b", ordered by peer ID so that
// both laptops setting the same couple write the same values.
const keyCouple = "couple"

// SetCouple records the two partners. Their IDs must differ; the order of
// the arguments does not matter.
func (s *Shared) SetCouple(a, b Partner) error {
	ps := []Partner{a, b}
	for i := range ps {
		ps[i].ID = strings.TrimSpace(ps[i].ID)
		if ps[i].ID == "" {
			return fmt.Errorf("%w: a partner has no peer id", ErrInvalid)
		}
		name, err := cleanText("partner name", ps[i].Name)
		if err != nil {
			return err
		}
		ps[i].Name = name
	}
	if ps[0].ID == ps[1].ID {
		return fmt.Errorf("%w: the two partners have the same peer id", ErrInvalid)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].ID < ps[j].ID })
	return s.change("set the couple", func(_ *automerge.Map) error {
		c, err := s.containerLocked(keyCouple)
		if err != nil {
			return err
		}
		for i, slot := range []string{"a", "b"} {
			if err := c.Set(slot+".id", ps[i].ID); err != nil {
				return err
			}
			if err := c.Set(slot+".name", ps[i].Name); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetPartnerName changes the display name of one partner.
func (s *Shared) SetPartnerName(id, name string) error {
	return s.setPartnerName("rename a partner", id, name)
}

// MsgPairingName is the change message of [Shared.FillPartnerName]: a
// partner's own name written in as they pair, which no one changed.
const MsgPairingName = "fill in a name at pairing"

// FillPartnerName writes a partner's own name into their place in the
// couple as the two pair (where the placeholder the other laptop wrote
// won the merge). It is [Shared.SetPartnerName] under [MsgPairingName], so
// the partner is not told that a name changed.
func (s *Shared) FillPartnerName(id, name string) error {
	return s.setPartnerName(MsgPairingName, id, name)
}

func (s *Shared) setPartnerName(msg, id, name string) error {
	name, err := cleanText("partner name", name)
	if err != nil {
		return err
	}
	return s.change(msg, func(_ *automerge.Map) error {
		slot, err := s.slotLocked(id)
		if err != nil {
			return err
		}
		c, err := s.containerLocked(keyCouple)
		if err != nil {
			return err
		}
		return c.Set(slot+".name", name)
	})
}

// Partners returns the couple, ordered by peer ID, or nil before
// [Shared.SetCouple].
func (s *Shared) Partners() []Partner {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.partnersLocked()
}

// Partner returns the partner with the given peer ID.
func (s *Shared) Partner(id string) (Partner, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.partnersLocked() {
		if p.ID == id {
			return p, nil
		}
	}
	return Partner{}, fmt.Errorf("%w: %q", ErrNotPartner, id)
}

// OtherPartner returns the peer ID of the partner who is not id.
func (s *Shared) OtherPartner(id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.otherLocked(id)
}

func (s *Shared) partnersLocked() []Partner {
	r := s.fieldsLocked(keyCouple)
	a := Partner{ID: r.str("a.id"), Name: r.str("a.name")}
	b := Partner{ID: r.str("b.id"), Name: r.str("b.name")}
	if a.ID == "" || b.ID == "" {
		return nil
	}
	return []Partner{a, b}
}

// slotLocked returns "a" or "b" for a partner's peer ID.
func (s *Shared) slotLocked(id string) (string, error) {
	ps := s.partnersLocked()
	if len(ps) == 2 {
		if ps[0].ID == id {
			return "a", nil
		}
		if ps[1].ID == id {
			return "b", nil
		}
	}
	return "", fmt.Errorf("%w: %q", ErrNotPartner, id)
}

// requirePartnerLocked reports ErrNotPartner unless id is in the couple.
func (s *Shared) requirePartnerLocked(id string) error {
	_, err := s.slotLocked(id)
	return err
}

func (s *Shared) otherLocked(id string) (string, error) {
	ps := s.partnersLocked()
	if len(ps) == 2 {
		if ps[0].ID == id {
			return ps[1].ID, nil
		}
		if ps[1].ID == id {
			return ps[0].ID, nil
		}
	}
	return "", fmt.Errorf("%w: %q", ErrNotPartner, id)
}

// requireOtherLocked checks that by is a partner and not owner: only the
// other partner may acknowledge, notice, respond or answer.
func (s *Shared) requireOtherLocked(by, owner, what string) error {
	if err := s.requirePartnerLocked(by); err != nil {
		return err
	}
	if by == owner {
		return fmt.Errorf("%w: only the other partner can %s", ErrInvalid, what)
	}
	return nil
}

// requireOwnerLocked checks that by is a partner and is owner: only the
// partner who wrote a record may change its words or undo its marks.
func (s *Shared) requireOwnerLocked(by, owner, what string) error {
	if err := s.requirePartnerLocked(by); err != nil {
		return err
	}
	if by != owner {
		return fmt.Errorf("%w: %s", ErrNotYours, what)
	}
	return nil
}
