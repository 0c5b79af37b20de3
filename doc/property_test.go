package doc_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
	"github.com/kintsugi-app/kintsugi/doc/doctest"
)

var (
	seedFlag      = flag.Uint64("doc.seed", 20250301, "seed of the random operations in TestConvergence")
	sequencesFlag = flag.Int("doc.sequences", 2000, "random sequences in TestConvergence: 3/5 on two forks, 2/5 on three")
	onlyFlag      = flag.Int("doc.sequence", -1, "run only this sequence of TestConvergence (to replay a failure)")
)

// TestConvergence applies thousands of short random operation sequences to
// two and three forks of a small shared document while they are apart,
// then merges the forks in every order. Every order and every replica must
// end with the same heads and show the same records, no accepted operation
// may be lost, and every rejected operation must leave its replica
// unchanged. The seed is fixed; run with -doc.seed=N to try other
// sequences, and -doc.sequence=K to replay one.
func TestConvergence(t *testing.T) {
	for _, forks := range []int{2, 3} {
		t.Run(fmt.Sprintf("%d-forks", forks), func(t *testing.T) {
			t.Parallel()
			seed, seq := *seedFlag, -1
			t.Cleanup(func() {
				if t.Failed() {
					t.Logf("failed in sequence %d with seed %d; replay: go test ./doc -run 'TestConvergence/%d-forks' -doc.seed=%d -doc.sequence=%d",
						seq, seed, forks, seed, seq)
				}
			})
			ops, n, count := 0, 0, *sequencesFlag*3/5
			if forks == 3 {
				count = *sequencesFlag - count
			}
			for seq = 0; seq < count; seq++ {
				if *onlyFlag >= 0 && seq != *onlyFlag {
					continue
				}
				p := &prop{t: t, r: rand.New(rand.NewPCG(seed, uint64(forks)<<32|uint64(seq)))}
				ops += p.sequence(forks, 5+p.r.IntN(26))
				n++
			}
			t.Logf("seed %d: %d sequences, %d random operations on %d forks, each merged in every order", seed, n, ops, forks)
		})
	}
}

type prop struct {
	t *testing.T
	r *rand.Rand
	// what accepted operations promise about the merged document
	commitments, needs, boundaries, interactions, questions, sessions map[string]bool
	checkins, entries                                                 int
	marks                                                             map[string]bool // id date
	acks, notices, responses, answers, retired                        map[string]bool
	agreed                                                            map[string]string // boundary+by → "" (checked unless revised)
	revised                                                           map[string]bool
	ticks, signs                                                      map[string]bool
	tokens                                                            map[string]string // token → record id
	op                                                                int
}

// sequence builds a small document every fork shares, applies ops random
// operations spread over forks forks of it, merges them in every order and
// checks the result. It returns the number of operations applied.
func (p *prop) sequence(forks, ops int) int {
	t := p.t
	p.commitments, p.needs, p.boundaries = map[string]bool{}, map[string]bool{}, map[string]bool{}
	p.interactions, p.questions, p.sessions = map[string]bool{}, map[string]bool{}, map[string]bool{}
	p.marks, p.acks, p.notices, p.responses, p.answers, p.retired = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	p.agreed, p.revised, p.ticks, p.signs, p.tokens = map[string]string{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]string{}
	base := newCouple(t)
	// Records both forks know, so that they edit the same ones apart:
	// two commitments (one marked), a need, a boundary, an interaction, a
	// question and a repair session.
	for _, k := range []opKind{opAddCommitment, opAddCommitment, opMark, opAddNeed, opProposeBoundary, opAddInteraction, opAskQuestion, opRound} {
		p.do(base, k)
	}
	rs := make([]*doc.Shared, forks)
	rs[0] = base
	for i := 1; i < forks; i++ {
		rs[i] = must[*doc.Shared](t)(base.Fork())
	}
	for i := 0; i < ops; i++ {
		p.do(rs[p.r.IntN(forks)], opKinds[p.r.IntN(len(opKinds))])
	}
	p.check(p.mergeAll(rs))
	return ops
}

// mergeAll merges the replicas in every order (and, for three, each pair
// first and then the third), checks that every order gives the same heads
// and records, has every replica take the others' changes, checks they end
// identical too, and returns one result.
func (p *prop) mergeAll(rs []*doc.Shared) *doc.Shared {
	t := p.t
	var first *doc.Shared
	var firstDump []byte
	var firstHeads string
	same := func(what string, m *doc.Shared) {
		t.Helper()
		d, h := doctest.Dump(m), headsKey(m)
		if first == nil {
			first, firstDump, firstHeads = m, d, h
			return
		}
		if h != firstHeads {
			t.Fatalf("%s gives different heads: %s, want %s", what, h, firstHeads)
		}
		if !bytes.Equal(d, firstDump) {
			t.Fatalf("%s gives different records:\n%s\nwant\n%s", what, d, firstDump)
		}
	}
	load := func(s *doc.Shared) *doc.Shared { return must[*doc.Shared](t)(s.Fork()) }
	for _, order := range permutations(len(rs)) {
		m := load(rs[order[0]])
		for _, i := range order[1:] {
			noErr(t, m.Merge(rs[i]))
		}
		same(fmt.Sprintf("merge order %v", order), m)
	}
	if len(rs) == 3 {
		for k := range rs {
			i, j := (k+1)%3, (k+2)%3
			pair := load(rs[i])
			noErr(t, pair.Merge(rs[j]))
			m := load(rs[k])
			noErr(t, m.Merge(pair))
			same(fmt.Sprintf("merging %d and %d, then into %d", i, j, k), m)
		}
	}
	// Each replica taking the others' changes converges too.
	for i, r := range rs {
		for j, o := range rs {
			if i != j {
				noErr(t, r.Merge(o))
			}
		}
	}
	for i, r := range rs {
		same(fmt.Sprintf("replica %d after merging every other", i), r)
	}
	return first
}

func headsKey(s *doc.Shared) string {
	var hs []string
	for _, h := range s.Heads() {
		hs = append(hs, h.String())
	}
	sort.Strings(hs)
	return strings.Join(hs, ",")
}

func permutations(n int) [][]int {
	if n == 1 {
		return [][]int{{0}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}

func (p *prop) partner() string {
	if p.r.IntN(2) == 0 {
		return alex
	}
	return sam
}

func pickID[T any](r *rand.Rand, xs []T, id func(T) string) (T, bool) {
	var zero T
	if len(xs) == 0 {
		return zero, false
	}
	x := xs[r.IntN(len(xs))]
	return x, id(x) != ""
}

// insertToken returns text with a new token inserted at a token boundary.
func (p *prop) insertToken(text, tok string) string {
	var cuts []int
	cuts = append(cuts, 0)
	for i, c := range text {
		if c == '>' {
			cuts = append(cuts, i+1)
		}
	}
	at := cuts[p.r.IntN(len(cuts))]
	return text[:at] + tok + text[at:]
}

// opKind is a kind of random operation.
type opKind int

const (
	opAddCommitment opKind = iota
	opMark
	opAck
	opEditCommitment
	opRetire
	opAddNeed
	opNeed
	opProposeBoundary
	opBoundary
	opCheckIn
	opAddInteraction
	opNotice
	opAskQuestion
	opAnswer
	opRound
	opTick
	opHelpSign
	opStranger
)

// opKinds weighs the random operations: edits of records the forks share
// (text, marks of the same dates, boundary agreement and revision,
// notices, milestone ticks) come often, so the forks conflict often.
var opKinds = []opKind{
	opAddCommitment, opMark, opMark, opMark, opAck, opEditCommitment, opEditCommitment, opEditCommitment, opRetire,
	opAddNeed, opNeed, opNeed, opProposeBoundary, opBoundary, opBoundary, opBoundary, opCheckIn, opCheckIn,
	opAddInteraction, opNotice, opNotice, opAskQuestion, opAnswer, opRound, opTick, opTick, opHelpSign, opStranger,
}

// do applies one random operation of kind k, valid or not, to s.
func (p *prop) do(s *doc.Shared, k opKind) {
	t := p.t
	p.op++
	r := p.r
	date := doc.DateOf(t0.AddDate(0, 0, r.IntN(3))) // few dates, so forks mark the same one
	tok := fmt.Sprintf("<%d>", p.op)
	before := s.Heads()
	accept := func(err error) bool {
		t.Helper()
		if err != nil && !errors.Is(err, doc.ErrInvalid) && !errors.Is(err, doc.ErrNotFound) {
			t.Fatalf("op %d: unexpected error %v", p.op, err)
		}
		if err != nil && !sameHashes(before, s.Heads()) {
			t.Fatalf("op %d: refused with %v but changed the document", p.op, err)
		}
		return err == nil
	}
	switch k {
	case opAddCommitment:
		id, err := s.AddCommitment(p.partner(), "<c"+tok[1:], doc.Daily)
		noErr(t, err)
		p.commitments[id] = true
		p.tokens["<c"+tok[1:]] = id
	case opMark:
		if c, ok := pickID(r, s.Commitments(), func(c doc.Commitment) string { return c.ID }); ok {
			if accept(s.MarkCommitment(c.ID, date, r.IntN(4) != 0)) {
				p.marks[c.ID+" "+date] = true
			}
		}
	case opAck:
		if c, ok := pickID(r, s.Commitments(), func(c doc.Commitment) string { return c.ID }); ok && len(c.Log) > 0 {
			m := c.Log[r.IntN(len(c.Log))]
			other := alex
			if c.Owner == alex {
				other = sam
			}
			if accept(s.AcknowledgeCommitment(c.ID, m.Date, other)) {
				p.acks[c.ID+" "+m.Date] = true
			}
		}
	case opEditCommitment:
		if c, ok := pickID(r, s.Commitments(), func(c doc.Commitment) string { return c.ID }); ok {
			noErr(t, s.EditCommitmentText(c.ID, c.Owner, p.insertToken(c.Text, tok)))
			p.tokens[tok] = c.ID
		}
	case opRetire:
		if c, ok := pickID(r, s.Commitments(), func(c doc.Commitment) string { return c.ID }); ok && r.IntN(3) == 0 {
			noErr(t, s.RetireCommitment(c.ID))
			p.retired[c.ID] = true
		}
	case opAddNeed:
		id, err := s.AddNeed(p.partner(), "<n"+tok[1:])
		noErr(t, err)
		p.needs[id] = true
		p.tokens["<n"+tok[1:]] = id
	case opNeed:
		if n, ok := pickID(r, s.Needs(), func(n doc.Need) string { return n.ID }); ok {
			switch r.IntN(3) {
			case 0:
				noErr(t, s.SetNeedStatus(n.ID, []doc.NeedStatus{doc.NeedOpen, doc.NeedBeingMet, doc.NeedMet}[r.IntN(3)]))
			case 1:
				if accept(s.RespondToNeed(n.ID, p.partner(), "ok "+tok)) {
					p.responses[n.ID] = true
				}
			default:
				noErr(t, s.EditNeedText(n.ID, n.Owner, p.insertToken(n.Text, tok)))
				p.tokens[tok] = n.ID
			}
		}
	case opProposeBoundary:
		id, err := s.ProposeBoundary(p.partner(), "b"+tok, "c"+tok)
		noErr(t, err)
		p.boundaries[id] = true
	case opBoundary:
		if b, ok := pickID(r, s.Boundaries(), func(b doc.Boundary) string { return b.ID }); ok {
			by := p.partner()
			if r.IntN(3) == 0 {
				noErr(t, s.ReviseBoundary(b.ID, by, b.Text+tok, b.Consequence))
				p.revised[b.ID] = true
			} else {
				noErr(t, s.AgreeBoundary(b.ID, by))
				p.agreed[b.ID+" "+by] = b.ID
			}
		}
	case opCheckIn:
		c := doc.CheckIn{Author: p.partner(), Time: t0.Add(time.Duration(r.IntN(1000)) * time.Hour),
			Safety: r.IntN(13) - 1, Trust: r.IntN(11), Connection: r.IntN(11), Feelings: []string{"calm"}}
		valid := c.Safety >= 0 && c.Safety <= 10
		_, err := s.AddCheckIn(c)
		if valid {
			noErr(t, err)
			p.checkins++
		} else if !errors.Is(err, doc.ErrInvalid) || !sameHashes(before, s.Heads()) {
			t.Fatalf("op %d: invalid check-in: %v", p.op, err)
		}
	case opAddInteraction:
		id, err := s.AddInteraction(p.partner(), doc.Affection, "hug "+tok)
		noErr(t, err)
		p.interactions[id] = true
	case opNotice:
		if in, ok := pickID(r, s.Interactions(), func(i doc.Interaction) string { return i.ID }); ok {
			if accept(s.NoticeInteraction(in.ID, p.partner())) {
				p.notices[in.ID] = true
			}
		}
	case opAskQuestion:
		id, err := s.AskQuestion(p.partner(), "yes", "q"+tok)
		noErr(t, err)
		p.questions[id] = true
	case opAnswer:
		if q, ok := pickID(r, s.Questions(), func(q doc.Question) string { return q.ID }); ok {
			if accept(s.AnswerQuestion(q.ID, p.partner(), "a"+tok)) {
				p.answers[q.ID] = true
			}
		}
	case opRound:
		if rs, ok := pickID(r, s.RepairSessions(), func(r doc.RepairSession) string { return r.ID }); ok && r.IntN(3) != 0 {
			if accept(s.RecordRound(rs.ID, 1+r.IntN(5), p.partner(), "r"+tok)) {
				p.entries++
			}
		} else {
			id, err := s.StartRepairSession(p.partner())
			noErr(t, err)
			p.sessions[id] = true
		}
	case opTick:
		by := p.partner()
		id := doc.MilestoneIDs()[r.IntN(len(doc.MilestoneIDs()))]
		noErr(t, s.TickMilestone(id, by))
		p.ticks[id+"/"+by] = true
	case opHelpSign:
		by := p.partner()
		sign := []doc.HelpSign{doc.SignStuck, doc.SignSameArgument, doc.SignMentalHealth}[r.IntN(3)]
		noErr(t, s.TickHelpSign(sign, by))
		p.signs[string(sign)+"/"+by] = true
	case opStranger:
		// A stranger is always refused and changes nothing.
		wantErr(t, s, doc.ErrNotPartner, func() error { _, err := s.AddNeed(eve, "x"); return err })
	}
}

// check verifies that nothing accepted was lost in the merged document.
func (p *prop) check(s *doc.Shared) {
	t := p.t
	st := doctest.Read(s)
	has := func(kind string, want map[string]bool, ids []string) {
		t.Helper()
		got := map[string]bool{}
		for _, id := range ids {
			got[id] = true
		}
		for id := range want {
			if !got[id] {
				t.Fatalf("lost %s %s", kind, id)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d %s, want %d", len(got), kind, len(want))
		}
	}
	texts := map[string]string{}
	var ids []string
	for _, c := range st.Commitments {
		ids = append(ids, c.ID)
		texts[c.ID] = c.Text
		marked := map[string]doc.Mark{}
		for _, m := range c.Log {
			marked[m.Date] = m
		}
		for k := range p.marks {
			if id, date, _ := strings.Cut(k, " "); id == c.ID {
				if _, ok := marked[date]; !ok {
					t.Fatalf("lost mark %s", k)
				}
			}
		}
		for k := range p.acks {
			if id, date, _ := strings.Cut(k, " "); id == c.ID && marked[date].Acknowledged.IsZero() {
				t.Fatalf("lost acknowledgement %s", k)
			}
		}
		if p.retired[c.ID] && c.Active {
			t.Fatalf("lost retirement of %s", c.ID)
		}
	}
	has("commitments", p.commitments, ids)
	ids = nil
	for _, n := range st.Needs {
		ids = append(ids, n.ID)
		texts[n.ID] = n.Text
		if p.responses[n.ID] && n.Response == "" {
			t.Fatalf("lost response to %s", n.ID)
		}
	}
	has("needs", p.needs, ids)
	for tok, id := range p.tokens {
		if strings.Count(texts[id], tok) != 1 {
			t.Fatalf("text of %s = %q: token %s lost or split", id, texts[id], tok)
		}
	}
	ids = nil
	for _, b := range st.Boundaries {
		ids = append(ids, b.ID)
		for k, id := range p.agreed {
			if id != b.ID || p.revised[b.ID] {
				continue
			}
			_, by, _ := strings.Cut(k, " ")
			if !contains(b.AgreedBy, by) {
				t.Fatalf("lost agreement %s", k)
			}
		}
	}
	has("boundaries", p.boundaries, ids)
	if len(st.CheckIns) != p.checkins {
		t.Fatalf("%d check-ins, want %d", len(st.CheckIns), p.checkins)
	}
	ids = nil
	for _, in := range st.Interactions {
		ids = append(ids, in.ID)
		if p.notices[in.ID] && in.Noticed.IsZero() {
			t.Fatalf("lost notice of %s", in.ID)
		}
	}
	has("interactions", p.interactions, ids)
	ids = nil
	for _, q := range st.Questions {
		ids = append(ids, q.ID)
		if p.answers[q.ID] && q.Answer == "" {
			t.Fatalf("lost answer to %s", q.ID)
		}
	}
	has("questions", p.questions, ids)
	ids = nil
	entries := 0
	for _, r := range st.Repairs {
		ids = append(ids, r.ID)
		entries += len(r.Entries)
	}
	has("repair sessions", p.sessions, ids)
	if entries != p.entries {
		t.Fatalf("%d round entries, want %d", entries, p.entries)
	}
	for _, m := range st.Milestones {
		for _, by := range []string{alex, sam} {
			if p.ticks[m.ID+"/"+by] && !contains(m.TickedBy, by) {
				t.Fatalf("lost tick %s/%s", m.ID, by)
			}
		}
	}
	for _, h := range st.HelpSigns {
		for _, by := range []string{alex, sam} {
			if p.signs[string(h.Sign)+"/"+by] && !contains(h.TickedBy, by) {
				t.Fatalf("lost help sign %s/%s", h.Sign, by)
			}
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
