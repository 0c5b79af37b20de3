// Package doctest generates realistic, deterministic Kintsugi histories for
// tests and benchmarks of doc and the packages above it.
//
// A history is two partners living with the app day after day: each writes
// a check-in every evening, marks four daily commitments and records two
// positive interactions a day, and every week there is activity on needs,
// boundaries and questions. Five years make about 30,000 commits.
package doctest

import (
	"fmt"
	"math/rand/v2"
	stdsync "sync"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// The two partners of every generated history.
var (
	Alex = doc.Partner{ID: "12D3KooWAx4Dkq8VJm2fRxXh3oTzQH3Vd5Gm8qN7bP1cYtLkEwZa", Name: "Alex"}
	Sam  = doc.Partner{ID: "12D3KooWSm9Pq2LrT6hYvK4nBz8XcD1eFgJ3aW5uQ7iMoRtNsVbH", Name: "Sam"}
)

// Start is the first day of every generated history.
var Start = time.Date(2020, 1, 6, 8, 0, 0, 0, time.UTC)

// GenerateHistory returns a document holding years of daily life for the
// couple [Alex] and [Sam]. The same seed gives the same records, IDs
// included.
func GenerateHistory(seed int64, years int) (*doc.Shared, error) {
	return GenerateMonths(seed, 12*years)
}

// GenerateMonths is [GenerateHistory] counted in months, for small tests.
// Zero months gives the couple and their first commitments only.
func GenerateMonths(seed int64, months int) (*doc.Shared, error) {
	s := doc.NewShared()
	g := newGen(s, seed, 0)
	if err := g.setup(); err != nil {
		return nil, err
	}
	if err := g.days(Start, Start.AddDate(0, months, 0), nil); err != nil {
		return nil, err
	}
	return s, nil
}

// GenerateApart returns two copies of one history: together years lived on
// one document, then apart years during which each laptop records only its
// own partner's actions (a is Alex's, b is Sam's) without syncing, as for
// sync's catch-up benchmark.
func GenerateApart(seed int64, together, apart int) (a, b *doc.Shared, err error) {
	return GenerateApartMonths(seed, 12*together, 12*apart)
}

// GenerateApartMonths is [GenerateApart] counted in months.
func GenerateApartMonths(seed int64, together, apart int) (a, b *doc.Shared, err error) {
	a, err = GenerateMonths(seed, together)
	if err != nil {
		return nil, nil, err
	}
	if b, err = a.Fork(); err != nil {
		return nil, nil, err
	}
	from := Start.AddDate(0, together, 0)
	to := from.AddDate(0, apart, 0)
	ga := newGen(a, seed, 1)
	gb := newGen(b, seed, 2)
	ga.resume()
	gb.resume()
	if err := ga.days(from, to, &Alex); err != nil {
		return nil, nil, err
	}
	if err := gb.days(from, to, &Sam); err != nil {
		return nil, nil, err
	}
	return a, b, nil
}

var cache struct {
	mu    stdsync.Mutex
	saved map[[2]int64][]byte
}

// SavedHistory returns [GenerateHistory]'s document saved, generating it
// only once per process for each seed and length. Load a fresh copy with
// doc.LoadShared; the bytes must not be modified.
func SavedHistory(seed int64, years int) ([]byte, error) {
	cache.mu.Lock()
	defer cache.mu.Unlock()
	k := [2]int64{seed, int64(years)}
	if b, ok := cache.saved[k]; ok {
		return b, nil
	}
	s, err := GenerateHistory(seed, years)
	if err != nil {
		return nil, err
	}
	if cache.saved == nil {
		cache.saved = map[[2]int64][]byte{}
	}
	b := s.Save()
	cache.saved[k] = b
	return b, nil
}

type gen struct {
	s   *doc.Shared
	r   *rand.Rand
	now time.Time
	// per partner: active daily commitments and a mood that drifts upward
	commits map[string][]string
	mood    map[string]float64
	kept    map[string][]string // recent kept marks "id date" the partner may acknowledge
	inter   map[string][]string // the other partner's recent interactions
	needs   []string
	bounds  []string
}

func newGen(s *doc.Shared, seed int64, stream uint64) *gen {
	g := &gen{
		s:       s,
		r:       rand.New(rand.NewPCG(uint64(seed), stream)),
		commits: map[string][]string{},
		mood:    map[string]float64{Alex.ID: 4, Sam.ID: 2},
		kept:    map[string][]string{},
		inter:   map[string][]string{},
	}
	var key [32]byte
	for i := range key {
		key[i] = byte(g.r.Uint32())
	}
	s.SetIDSource(rand.NewChaCha8(key))
	s.SetClock(func() time.Time { return g.now })
	return g
}

func (g *gen) setup() error {
	g.now = Start
	if err := g.s.SetCouple(Alex, Sam); err != nil {
		return err
	}
	if err := g.s.SetStart(Start); err != nil {
		return err
	}
	if err := g.s.SetRituals(doc.Rituals{DailyTime: "20:30", DailyMinutes: 20, WeeklyDay: time.Sunday, WeeklyTime: "10:00", WeeklyMinutes: 60}); err != nil {
		return err
	}
	for _, p := range []doc.Partner{Alex, Sam} {
		for i := 0; i < 4; i++ {
			if err := g.newCommitment(p.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// resume picks up the active commitments of an existing document.
func (g *gen) resume() {
	for _, c := range g.s.Commitments() {
		if c.Active {
			g.commits[c.Owner] = append(g.commits[c.Owner], c.ID)
		}
	}
	for _, n := range g.s.Needs() {
		g.needs = append(g.needs, n.ID)
	}
	for _, b := range g.s.Boundaries() {
		g.bounds = append(g.bounds, b.ID)
	}
}

var (
	commitmentTexts = []string{
		"Text when I will be more than 15 minutes late",
		"Put the phone away at dinner",
		"Say goodnight in person",
		"Share my calendar for the week",
		"Ask how your day was, and listen",
		"Go for a walk together after work",
		"Tell you when something bothers me, the same day",
		"No screens in the bedroom",
		"Cook together on Fridays",
		"Check in before making plans for the weekend",
	}
	needTexts = []string{
		"I need you to initiate affection more",
		"I need to know where you are in the evenings",
		"I need time alone on Sunday mornings",
		"I need you to ask before inviting people over",
		"I need us to talk about money once a month",
		"I need to hear that you still choose us",
	}
	feelings   = []string{"hopeful", "tired", "calm", "anxious", "grateful", "hurt", "close", "distant", "relieved", "sad", "warm", "guarded"}
	interTexts = map[doc.InteractionKind][]string{
		doc.Compliment:     {"Told you the dinner was wonderful", "Said you handled the call really well", "Noticed your new haircut"},
		doc.Affection:      {"A long hug in the kitchen", "Held hands on the walk", "A kiss before leaving"},
		doc.Thoughtfulness: {"Made you tea without asking", "Picked up your favourite bread", "Warmed the car on a cold morning"},
	}
	kinds     = []doc.InteractionKind{doc.Compliment, doc.Affection, doc.Thoughtfulness}
	questions = []string{"What were you feeling that week?", "Did you tell anyone else?", "What do you want us to do differently?", "When did you decide to tell me?"}
	answers   = []string{"Lonely, and I did not say so.", "No, only my therapist.", "Talk sooner, even when it is hard.", "The night before. I was scared."}
)

func (g *gen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *gen) newCommitment(owner string) error {
	id, err := g.s.AddCommitment(owner, g.pick(commitmentTexts), doc.Daily)
	if err != nil {
		return fmt.Errorf("doctest: %w", err)
	}
	g.commits[owner] = append(g.commits[owner], id)
	return nil
}

func other(id string) string {
	if id == Alex.ID {
		return Sam.ID
	}
	return Alex.ID
}

// days lives from day from to day to (exclusive). only, when set, limits
// the actions to one partner's laptop.
func (g *gen) days(from, to time.Time, only *doc.Partner) error {
	partners := []string{Alex.ID, Sam.ID}
	if only != nil {
		partners = []string{only.ID}
	}
	day := 0
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		day++
		date := doc.DateOf(d)
		for _, p := range partners {
			if err := g.partnerDay(d, date, p); err != nil {
				return fmt.Errorf("doctest: %s: %w", date, err)
			}
		}
		if d.Weekday() == time.Sunday {
			if err := g.week(d, partners); err != nil {
				return fmt.Errorf("doctest: week of %s: %w", date, err)
			}
		}
	}
	return nil
}

func (g *gen) partnerDay(d time.Time, date, p string) error {
	at := func(h, m int) { g.now = d.Add(time.Duration(h-8)*time.Hour + time.Duration(m)*time.Minute) }
	// Morning: acknowledge one of the partner's kept marks now and then.
	if ks := g.kept[p]; len(ks) > 0 && g.r.IntN(4) == 0 {
		at(8, g.r.IntN(50))
		k := ks[len(ks)-1]
		g.kept[p] = nil
		if err := g.s.AcknowledgeCommitment(k[:16], k[17:], p); err != nil {
			return err
		}
	}
	// Two positive interactions.
	for i := 0; i < 2; i++ {
		at(12+4*i, g.r.IntN(60))
		k := kinds[g.r.IntN(len(kinds))]
		id, err := g.s.AddInteraction(p, k, g.pick(interTexts[k]))
		if err != nil {
			return err
		}
		g.inter[other(p)] = append(g.inter[other(p)], id)
	}
	// Notice one of the partner's interactions about every other day.
	if in := g.inter[p]; len(in) > 0 && g.r.IntN(2) == 0 {
		at(19, g.r.IntN(30))
		if err := g.s.NoticeInteraction(in[g.r.IntN(len(in))], p); err != nil {
			return err
		}
		g.inter[p] = nil
	}
	// Evening: mark the four commitments, then check in.
	g.mood[p] = min(9, g.mood[p]+0.004+0.3*(g.r.Float64()-0.5))
	keepP := 0.7 + 0.03*g.mood[p]
	for _, id := range g.commits[p] {
		at(21, g.r.IntN(20))
		kept := g.r.Float64() < keepP
		if err := g.s.MarkCommitment(id, date, kept); err != nil {
			return err
		}
		if kept {
			g.kept[other(p)] = append(g.kept[other(p)][:0], id+" "+date)
		}
	}
	at(21, 30+g.r.IntN(20))
	score := func() int { return max(0, min(10, int(g.mood[p]+g.r.NormFloat64()*1.5+0.5))) }
	c := doc.CheckIn{Author: p, Time: g.now, Safety: score(), Trust: score(), Connection: score(),
		Feelings: []string{g.pick(feelings), g.pick(feelings)}}
	if g.r.IntN(3) == 0 {
		c.Note, c.NoteShared = "Talked for twenty minutes after dinner.", true
	}
	if c.Feelings[0] == c.Feelings[1] {
		c.Feelings = c.Feelings[:1]
	}
	_, err := g.s.AddCheckIn(c)
	return err
}

func (g *gen) week(d time.Time, partners []string) error {
	g.now = d.Add(2 * time.Hour)
	p := partners[g.r.IntN(len(partners))]
	// A need, and movement on an older one.
	id, err := g.s.AddNeed(p, g.pick(needTexts))
	if err != nil {
		return err
	}
	g.needs = append(g.needs, id)
	if len(g.needs) > 1 {
		old := g.needs[g.r.IntN(len(g.needs)-1)]
		g.now = g.now.Add(10 * time.Minute)
		if err := g.s.SetNeedStatus(old, []doc.NeedStatus{doc.NeedBeingMet, doc.NeedMet}[g.r.IntN(2)]); err != nil {
			return err
		}
	}
	// A question and its answer, from the other partner if they are here.
	g.now = g.now.Add(30 * time.Minute)
	i := g.r.IntN(len(questions))
	qid, err := g.s.AskQuestion(p, "Yes, it keeps coming back to me.", questions[i])
	if err != nil {
		return err
	}
	if len(partners) == 2 {
		g.now = g.now.Add(3 * time.Hour)
		if err := g.s.AnswerQuestion(qid, other(p), answers[i]); err != nil {
			return err
		}
	}
	// Boundaries: a new one each month, revisions and agreements.
	switch g.r.IntN(4) {
	case 0:
		g.now = g.now.Add(time.Hour)
		bid, err := g.s.ProposeBoundary(p, "No contact with the person involved", "We pause and talk with the counsellor")
		if err != nil {
			return err
		}
		g.bounds = append(g.bounds, bid)
	case 1:
		if len(g.bounds) > 0 {
			g.now = g.now.Add(time.Hour)
			if err := g.s.AgreeBoundary(g.bounds[g.r.IntN(len(g.bounds))], p); err != nil {
				return err
			}
		}
	case 2:
		if len(g.bounds) > 0 {
			g.now = g.now.Add(time.Hour)
			if err := g.s.ReviseBoundary(g.bounds[g.r.IntN(len(g.bounds))], p, "No private contact with the person involved", "We pause and talk with the counsellor"); err != nil {
				return err
			}
		}
	}
	// Every few months a commitment is retired and a new one replaces it.
	if g.r.IntN(12) == 0 {
		cs := g.commits[p]
		i := g.r.IntN(len(cs))
		g.now = g.now.Add(time.Hour)
		if err := g.s.RetireCommitment(cs[i]); err != nil {
			return err
		}
		g.commits[p] = append(cs[:i:i], cs[i+1:]...)
		if err := g.newCommitment(p); err != nil {
			return err
		}
	}
	return nil
}
