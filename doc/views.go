package doc

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/automerge/automerge-go"
)

// The views in this file are computed from the document on every call and
// never stored in it.

// TrustPoint is the trust account on one date: each kept commitment is a
// deposit, each missed one a withdrawal.
type TrustPoint struct {
	Date        string `json:"date"`
	Deposits    int    `json:"deposits"`
	Withdrawals int    `json:"withdrawals"`
	// Acknowledged counts the deposits the other partner acknowledged.
	Acknowledged int `json:"acknowledged"`
	Balance      int `json:"balance"` // running total up to and including Date
}

// TrustAccount returns the trust account day by day, for the commitments of
// owner, or of both partners when owner is "". Only days with marks appear.
func (s *Shared) TrustAccount(owner string) []TrustPoint {
	days := map[string]*TrustPoint{}
	for _, c := range s.Commitments() {
		if owner != "" && c.Owner != owner {
			continue
		}
		for _, m := range c.Log {
			p := days[m.Date]
			if p == nil {
				p = &TrustPoint{Date: m.Date}
				days[m.Date] = p
			}
			if m.Kept {
				p.Deposits++
				if !m.Acknowledged.IsZero() {
					p.Acknowledged++
				}
			} else {
				p.Withdrawals++
			}
		}
	}
	out := make([]TrustPoint, 0, len(days))
	for _, p := range days {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	bal := 0
	for i := range out {
		bal += out[i].Deposits - out[i].Withdrawals
		out[i].Balance = bal
	}
	return out
}

// WeekOf returns the Monday (YYYY-MM-DD) of the week holding t, in t's
// location.
func WeekOf(t time.Time) string {
	d := (int(t.Weekday()) + 6) % 7 // days since Monday
	y, m, day := t.Date()
	return time.Date(y, m, day-d, 12, 0, 0, 0, t.Location()).Format(DateLayout)
}

// MilestoneProgress summarises the milestones at a moment.
type MilestoneProgress struct {
	Total   int        `json:"total"`
	Done    int        `json:"done"`           // ticked by both
	Due     int        `json:"due"`            // due by now (guidelines, not deadlines)
	DueDone int        `json:"due_done"`       // of those due, done
	Next    *Milestone `json:"next,omitempty"` // the first not done
}

// MilestoneProgress returns progress through the milestones at now, counted
// from the journey's start date.
func (s *Shared) MilestoneProgress(now time.Time) MilestoneProgress {
	ms := s.Milestones()
	p := MilestoneProgress{Total: len(ms)}
	for i, m := range ms {
		due := !m.Due.IsZero() && !now.Before(m.Due)
		if m.Done {
			p.Done++
		}
		if due {
			p.Due++
			if m.Done {
				p.DueDone++
			}
		}
		if !m.Done && p.Next == nil {
			p.Next = &ms[i]
		}
	}
	return p
}

// Counts is a summary of the document for the Today screen and the CLI.
type Counts struct {
	Commitments       int `json:"commitments"`
	ActiveCommitments int `json:"active_commitments"`
	Needs             int `json:"needs"`
	OpenNeeds         int `json:"open_needs"`
	Boundaries        int `json:"boundaries"`
	InForce           int `json:"boundaries_in_force"`
	CheckIns          int `json:"checkins"`
	Interactions      int `json:"interactions"`
	Unnoticed         int `json:"unnoticed"`
	RepairSessions    int `json:"repair_sessions"`
	Apologies         int `json:"apologies"`
	Questions         int `json:"questions"`
	Unanswered        int `json:"unanswered"`
	MilestonesDone    int `json:"milestones_done"`
	HelpSigns         int `json:"help_signs"` // signs ticked by either partner
}

// Counts returns how many records of each kind the document holds.
func (s *Shared) Counts() Counts {
	var c Counts
	s.mu.Lock()
	for _, r := range s.allLocked(keyCommitments) {
		c.Commitments++
		if r.bool("active") {
			c.ActiveCommitments++
		}
	}
	for _, r := range s.allLocked(keyNeeds) {
		c.Needs++
		if r.str("status") == string(NeedOpen) {
			c.OpenNeeds++
		}
	}
	for _, r := range s.allLocked(keyInteractions) {
		c.Interactions++
		if r.int("noticed") == 0 {
			c.Unnoticed++
		}
	}
	for _, r := range s.allLocked(keyQuestions) {
		c.Questions++
		if r.str("answer") == "" {
			c.Unanswered++
		}
	}
	for _, k := range []struct {
		key string
		n   *int
	}{{keyCheckIns, &c.CheckIns}, {keyRepairs, &c.RepairSessions}, {keyApologies, &c.Apologies}} {
		if m, err := s.containerLocked(k.key); err == nil {
			*k.n = m.Len()
		}
	}
	s.mu.Unlock()
	for _, b := range s.Boundaries() {
		c.Boundaries++
		if b.InForce {
			c.InForce++
		}
	}
	for _, m := range s.Milestones() {
		if m.Done {
			c.MilestonesDone++
		}
	}
	for _, h := range s.HelpSigns() {
		if len(h.TickedBy) > 0 {
			c.HelpSigns++
		}
	}
	return c
}

// Activity is one change to the document: its short message (never the
// content), when it was made and by whom.
type Activity struct {
	Message string    `json:"message"`
	Time    time.Time `json:"time"`
	// Author is the peer ID of the partner who made the change, or ""
	// when the document cannot tell (an edit that names no partner, from
	// a device whose other changes name none either).
	Author string `json:"author,omitempty"`
}

// maxAttributed bounds how many changes Since attributes one by one; later
// ones take the author of their device's other changes. Each costs one
// reading of the whole document.
const maxAttributed = 64

// Since returns the changes made after heads (all changes when heads is
// empty), oldest first, without the genesis. It tells the Today screen
// what the partner did since it was last seen.
//
// Automerge records no author, only a random actor per device session, so
// Since replays the changes on a copy of the document at heads and reads
// which partner each one names: the author of a new record (check-in,
// need, commitment, question…), the partner who noticed, agreed, answered,
// responded, ticked, marked or paused. A change that names no partner
// (an edit of wording, a retirement) takes the author of its actor's other
// changes when they all name the same partner.
func (s *Shared) Since(heads []Hash) ([]Activity, error) {
	s.mu.Lock()
	hs := make([]automerge.ChangeHash, len(heads))
	for i, h := range heads {
		hs[i] = automerge.ChangeHash(h)
		if _, err := s.am.Change(hs[i]); err != nil {
			s.mu.Unlock()
			return nil, fmt.Errorf("%w: unknown head %s", ErrNotFound, h)
		}
	}
	chs, err := s.am.Changes(hs...)
	if err != nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("%w: %v", ErrInternal, err)
	}
	// Commits made since SetAuthor existed name their author; only older
	// ones need the replay below, which reads the whole document per change.
	needReplay := false
	for _, ch := range chs {
		if _, a := splitAuthor(ch.Message()); a == "" && ch.ActorID() != genesisActor {
			needReplay = true
			break
		}
	}
	var replay *automerge.Doc
	if needReplay {
		if len(hs) == 0 {
			replay = automerge.New()
		} else if replay, err = s.am.Fork(hs...); err != nil {
			s.mu.Unlock()
			return nil, fmt.Errorf("%w: %v", ErrInternal, err)
		}
	}
	// The replay works on its own copy: the document stays free for edits
	// and sync meanwhile.
	s.mu.Unlock()

	var prev map[string]bool
	if replay != nil {
		prev = factsOf(&Shared{am: replay})
	}
	out := make([]Activity, 0, len(chs))
	actors := make([]string, 0, len(chs))
	byActor := map[string]string{} // actor → its only named partner, or "!" for several
	attributed := 0
	for _, ch := range chs {
		msg, author := splitAuthor(ch.Message())
		if replay != nil && attributed < maxAttributed {
			if err := replay.LoadIncremental(ch.Save()); err != nil {
				replay = nil // attribute the rest by actor
			} else if ch.ActorID() != genesisActor {
				attributed++
				next := factsOf(&Shared{am: replay})
				if author == "" {
					author = newAuthor(prev, next)
				}
				prev = next
			}
		} else {
			replay = nil
		}
		if ch.ActorID() == genesisActor {
			continue
		}
		if author != "" {
			if a, ok := byActor[ch.ActorID()]; ok && a != author {
				byActor[ch.ActorID()] = "!"
			} else {
				byActor[ch.ActorID()] = author
			}
		}
		out = append(out, Activity{Message: msg, Time: ch.Timestamp(), Author: author})
		actors = append(actors, ch.ActorID())
	}
	for i := range out {
		if a := byActor[actors[i]]; out[i].Author == "" && a != "!" {
			out[i].Author = a
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	return out, nil
}

// factsOf lists who did what in the document, as "what\x00peer" strings:
// one per record created, mark, notice, agreement, answer, response, tick,
// round and pause. A change's author is the partner named by the facts it
// adds.
func factsOf(s *Shared) map[string]bool {
	f := map[string]bool{}
	add := func(peer string, what ...any) {
		if peer != "" {
			f[fmt.Sprint(what...)+"\x00"+peer] = true
		}
	}
	for _, c := range s.CheckIns() {
		add(c.Author, "checkin ", c.ID)
	}
	for _, in := range s.Interactions() {
		add(in.Author, "interaction ", in.ID)
		add(in.NoticedBy, "noticed ", in.ID)
	}
	for _, c := range s.Commitments() {
		add(c.Owner, "commitment ", c.ID)
		other, _ := s.OtherPartner(c.Owner)
		for _, m := range c.Log {
			add(c.Owner, "mark ", c.ID, m.Date, m.Kept)
			if !m.Acknowledged.IsZero() {
				add(other, "ack ", c.ID, m.Date)
			}
		}
	}
	for _, n := range s.Needs() {
		add(n.Owner, "need ", n.ID)
		add(n.RespondedBy, "response ", n.ID, " ", n.Response)
	}
	for _, b := range s.Boundaries() {
		add(b.ProposedBy, "boundary ", b.ID)
		add(b.RevisedBy, "revision ", b.ID, " ", len(b.History), b.Text)
		for _, p := range b.AgreedBy {
			add(p, "agree ", b.ID, " ", len(b.History), b.Text)
		}
	}
	for _, q := range s.Questions() {
		add(q.By, "question ", q.ID)
		add(q.AnsweredBy, "answer ", q.ID, " ", q.Answer)
	}
	for _, r := range s.RepairSessions() {
		add(r.StartedBy, "repair ", r.ID)
		for _, e := range r.Entries {
			add(e.Who, "round ", e.ID)
		}
	}
	for _, a := range s.Apologies() {
		add(a.By, "apology ", a.ID)
	}
	p := s.Journey().Pause
	add(p.By, "pause ", p.Asked.UnixMilli(), " ", p.Until.UnixMilli())
	add(p.AgreedBy, "pause agreed ", p.Since.UnixMilli())
	add(p.DeclinedBy, "pause declined ", p.Declined.UnixMilli())
	add(p.EndBy, "pause end ", p.Ended.UnixMilli())
	for _, m := range s.Milestones() {
		for _, by := range m.TickedBy {
			add(by, "milestone ", m.ID)
		}
	}
	for _, h := range s.HelpSigns() {
		for _, by := range h.TickedBy {
			add(by, "help ", h.Sign)
		}
	}
	return f
}

// newAuthor returns the one partner named by the facts in next but not in
// prev, or "" when none or both are.
func newAuthor(prev, next map[string]bool) string {
	author := ""
	for k := range next {
		if prev[k] {
			continue
		}
		peer := k[strings.LastIndexByte(k, 0)+1:]
		if author != "" && author != peer {
			return ""
		}
		author = peer
	}
	return author
}
