package doc_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

func TestCouple(t *testing.T) {
	s := doc.NewShared()
	if s.Partners() != nil {
		t.Fatal("partners before SetCouple")
	}
	// Order of arguments does not matter.
	noErr(t, s.SetCouple(doc.Partner{ID: sam, Name: " Sam "}, doc.Partner{ID: alex, Name: "Alex"}))
	ps := s.Partners()
	if len(ps) != 2 || ps[0] != (doc.Partner{ID: alex, Name: "Alex"}) || ps[1] != (doc.Partner{ID: sam, Name: "Sam"}) {
		t.Fatalf("partners = %+v", ps)
	}
	noErr(t, s.SetPartnerName(sam, "Samira"))
	if p, err := s.Partner(sam); err != nil || p.Name != "Samira" {
		t.Fatalf("Partner = %+v, %v", p, err)
	}
	if o, err := s.OtherPartner(alex); err != nil || o != sam {
		t.Fatalf("OtherPartner = %q, %v", o, err)
	}
	if s.Schema() != doc.SchemaVersion {
		t.Fatalf("schema = %d", s.Schema())
	}
	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"same id":      {doc.ErrInvalid, func() error { return s.SetCouple(doc.Partner{ID: alex, Name: "A"}, doc.Partner{ID: alex, Name: "B"}) }},
		"empty id":     {doc.ErrInvalid, func() error { return s.SetCouple(doc.Partner{Name: "A"}, doc.Partner{ID: alex, Name: "B"}) }},
		"empty name":   {doc.ErrEmptyText, func() error { return s.SetCouple(doc.Partner{ID: eve, Name: " "}, doc.Partner{ID: alex, Name: "B"}) }},
		"rename other": {doc.ErrNotPartner, func() error { return s.SetPartnerName(eve, "Eve") }},
		"rename empty": {doc.ErrEmptyText, func() error { return s.SetPartnerName(alex, "") }},
		"other of eve": {doc.ErrNotPartner, func() error { _, err := s.OtherPartner(eve); return err }},
		"partner eve":  {doc.ErrNotPartner, func() error { _, err := s.Partner(eve); return err }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, s, tc.want, tc.call) })
	}
}

func TestNoPartnersYet(t *testing.T) {
	s := doc.NewShared()
	wantErr(t, s, doc.ErrNotPartner, func() error { _, err := s.AddCommitment(alex, "walk", doc.Daily); return err })
}

func TestJourney(t *testing.T) {
	s := newCouple(t)
	j := s.Journey()
	if j.Stage != doc.StageAssess || j.StageName != "Assess the damage" || !j.Start.IsZero() {
		t.Fatalf("fresh journey = %+v", j)
	}
	noErr(t, s.SetStart(t0))
	noErr(t, s.SetStage(doc.StageReconnect))
	j = s.Journey()
	if !j.Start.Equal(t0) || j.Stage != doc.StageReconnect || j.StageName != "Seek reconnection" {
		t.Fatalf("journey = %+v", j)
	}
	if len(doc.Stages()) != 7 || doc.Stage(9).String() != "Stage(9)" {
		t.Fatal("stages")
	}
	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"zero start": {doc.ErrInvalid, func() error { return s.SetStart(time.Time{}) }},
		"stage 0":    {doc.ErrInvalid, func() error { return s.SetStage(0) }},
		"stage 8":    {doc.ErrInvalid, func() error { return s.SetStage(8) }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, s, tc.want, tc.call) })
	}
}

func TestCommitments(t *testing.T) {
	s := newCouple(t)
	id := must[string](t)(s.AddCommitment(alex, "  Text when I will be late ", doc.Daily))
	n := commits(t, s)
	noErr(t, s.MarkCommitment(id, "2025-03-01", true))
	noErr(t, s.MarkCommitment(id, "2025-03-02", false))
	noErr(t, s.MarkCommitment(id, "2025-03-02", true)) // replaces
	noErr(t, s.MarkCommitment(id, "2025-03-03", false))
	noErr(t, s.AcknowledgeCommitment(id, "2025-03-01", sam))
	noErr(t, s.EditCommitmentText(id, alex, "Text when I will be late, every time"))
	if got := commits(t, s) - n; got != 6 {
		t.Fatalf("6 actions made %d commits", got)
	}
	wantNoCommit(t, s, func() error { return s.EditCommitmentText(id, alex, "Text when I will be late, every time") })
	c := must[doc.Commitment](t)(s.Commitment(id))
	if c.Owner != alex || c.Text != "Text when I will be late, every time" || c.Cadence != doc.Daily || !c.Active || len(c.Log) != 3 {
		t.Fatalf("commitment = %+v", c)
	}
	if c.Log[0].Date != "2025-03-01" || !c.Log[0].Kept || c.Log[0].Acknowledged.IsZero() ||
		!c.Log[1].Kept || !c.Log[1].Acknowledged.IsZero() || c.Log[2].Kept {
		t.Fatalf("log = %+v", c.Log)
	}

	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"empty text":     {doc.ErrEmptyText, func() error { _, err := s.AddCommitment(alex, " \n", doc.Daily); return err }},
		"bad cadence":    {doc.ErrInvalid, func() error { _, err := s.AddCommitment(alex, "x", "hourly"); return err }},
		"stranger":       {doc.ErrNotPartner, func() error { _, err := s.AddCommitment(eve, "x", doc.Once); return err }},
		"bad utf8":       {doc.ErrInvalid, func() error { _, err := s.AddCommitment(alex, "\xff", doc.Once); return err }},
		"mark unknown":   {doc.ErrNotFound, func() error { return s.MarkCommitment("nope", "2025-03-01", true) }},
		"mark bad date":  {doc.ErrInvalid, func() error { return s.MarkCommitment(id, "2025-3-1", true) }},
		"mark feb 30":    {doc.ErrInvalid, func() error { return s.MarkCommitment(id, "2025-02-30", true) }},
		"ack own":        {doc.ErrInvalid, func() error { return s.AcknowledgeCommitment(id, "2025-03-01", alex) }},
		"ack stranger":   {doc.ErrNotPartner, func() error { return s.AcknowledgeCommitment(id, "2025-03-01", eve) }},
		"ack missed":     {doc.ErrInvalid, func() error { return s.AcknowledgeCommitment(id, "2025-03-03", sam) }},
		"ack no mark":    {doc.ErrNotFound, func() error { return s.AcknowledgeCommitment(id, "2025-04-01", sam) }},
		"ack unknown":    {doc.ErrNotFound, func() error { return s.AcknowledgeCommitment("nope", "2025-03-01", sam) }},
		"ack bad date":   {doc.ErrInvalid, func() error { return s.AcknowledgeCommitment(id, "1 March", sam) }},
		"edit empty":     {doc.ErrEmptyText, func() error { return s.EditCommitmentText(id, alex, "") }},
		"edit unknown":   {doc.ErrNotFound, func() error { return s.EditCommitmentText("nope", alex, "x") }},
		"edit partner's": {doc.ErrNotYours, func() error { return s.EditCommitmentText(id, sam, "x") }},
		"edit stranger":  {doc.ErrNotPartner, func() error { return s.EditCommitmentText(id, eve, "x") }},
		"retire unknown": {doc.ErrNotFound, func() error { return s.RetireCommitment("") }},
		"get unknown":    {doc.ErrNotFound, func() error { _, err := s.Commitment("nope"); return err }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, s, tc.want, tc.call) })
	}

	noErr(t, s.RetireCommitment(id))
	wantNoCommit(t, s, func() error { return s.RetireCommitment(id) })
	wantErr(t, s, doc.ErrInvalid, func() error { return s.MarkCommitment(id, "2025-03-04", true) })
	c = must[doc.Commitment](t)(s.Commitment(id))
	if c.Active || c.Retired.IsZero() || len(c.Log) != 3 {
		t.Fatalf("retired = %+v", c)
	}
	id2 := must[string](t)(s.AddCommitment(sam, "Weekly walk", doc.Weekly))
	cs := s.Commitments()
	if len(cs) != 2 || cs[0].ID != id || cs[1].ID != id2 {
		t.Fatalf("commitments not in order: %+v", cs)
	}
}

// The owner takes back a mis-click; the day's acknowledgement goes with
// it, the trust account forgets it, and the history keeps it.
func TestUnmarkCommitment(t *testing.T) {
	s := newCouple(t)
	id := must[string](t)(s.AddCommitment(alex, "Text when I will be late", doc.Daily))
	noErr(t, s.MarkCommitment(id, "2025-03-01", true))
	noErr(t, s.AcknowledgeCommitment(id, "2025-03-01", sam))
	noErr(t, s.MarkCommitment(id, "2025-03-02", false))
	before := s.Heads()
	n := commits(t, s)
	noErr(t, s.UnmarkCommitment(id, "2025-03-02", alex))
	noErr(t, s.UnmarkCommitment(id, "2025-03-01", alex))
	if got := commits(t, s) - n; got != 2 {
		t.Fatalf("2 undos made %d commits", got)
	}
	if c := must[doc.Commitment](t)(s.Commitment(id)); len(c.Log) != 0 {
		t.Fatalf("log after undo = %+v", c.Log)
	}
	if tr := s.TrustAccount(""); len(tr) != 0 {
		t.Fatalf("trust account after undo = %+v", tr)
	}
	// Marked again, the day starts clean: no acknowledgement carried over.
	noErr(t, s.MarkCommitment(id, "2025-03-01", true))
	if c := must[doc.Commitment](t)(s.Commitment(id)); len(c.Log) != 1 || !c.Log[0].Acknowledged.IsZero() {
		t.Fatalf("log after marking again = %+v", c.Log)
	}
	acts := must[[]doc.Activity](t)(s.Since(before))
	if len(acts) != 3 || acts[0].Message != "undo a commitment mark" || acts[0].Author != alex {
		t.Errorf("history = %+v", acts)
	}
	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"partner's": {doc.ErrNotYours, func() error { return s.UnmarkCommitment(id, "2025-03-01", sam) }},
		"stranger":  {doc.ErrNotPartner, func() error { return s.UnmarkCommitment(id, "2025-03-01", eve) }},
		"no mark":   {doc.ErrNotFound, func() error { return s.UnmarkCommitment(id, "2025-03-05", alex) }},
		"unknown":   {doc.ErrNotFound, func() error { return s.UnmarkCommitment("nope", "2025-03-01", alex) }},
		"bad date":  {doc.ErrInvalid, func() error { return s.UnmarkCommitment(id, "March 1", alex) }},
		"empty id":  {doc.ErrNotFound, func() error { return s.UnmarkCommitment("", "2025-03-01", alex) }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, s, tc.want, tc.call) })
	}
	noErr(t, s.RetireCommitment(id))
	wantErr(t, s, doc.ErrInvalid, func() error { return s.UnmarkCommitment(id, "2025-03-01", alex) })
}

func TestConcurrentTextEditsMerge(t *testing.T) {
	a := newCouple(t)
	id := must[string](t)(a.AddCommitment(alex, "I will call when I am late", doc.Daily))
	b := must[*doc.Shared](t)(a.Fork())
	noErr(t, a.EditCommitmentText(id, alex, "I will call you when I am late"))
	noErr(t, b.EditCommitmentText(id, alex, "I will call when I am late, before dinner"))
	noErr(t, a.Merge(b))
	noErr(t, b.Merge(a))
	want := "I will call you when I am late, before dinner"
	for _, s := range []*doc.Shared{a, b} {
		if c := must[doc.Commitment](t)(s.Commitment(id)); c.Text != want {
			t.Fatalf("merged text = %q, want %q", c.Text, want)
		}
	}
}

func TestNeeds(t *testing.T) {
	s := newCouple(t)
	id := must[string](t)(s.AddNeed(sam, "I need you to initiate affection more"))
	noErr(t, s.SetNeedStatus(id, doc.NeedBeingMet))
	noErr(t, s.RespondToNeed(id, alex, "I will, and I want to"))
	noErr(t, s.EditNeedText(id, sam, "I need you to initiate affection more often"))
	wantNoCommit(t, s, func() error { return s.EditNeedText(id, sam, "I need you to initiate affection more often") })
	ns := s.Needs()
	if ns[0].Edited.IsZero() {
		t.Error("an edited need has no edit time")
	}
	if len(ns) != 1 || ns[0].Status != doc.NeedBeingMet || ns[0].Response != "I will, and I want to" ||
		ns[0].RespondedBy != alex || ns[0].RespondedAt.IsZero() || ns[0].Owner != sam || ns[0].Text != "I need you to initiate affection more often" {
		t.Fatalf("needs = %+v", ns)
	}
	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"empty":          {doc.ErrEmptyText, func() error { _, err := s.AddNeed(sam, ""); return err }},
		"stranger":       {doc.ErrNotPartner, func() error { _, err := s.AddNeed(eve, "x"); return err }},
		"bad status":     {doc.ErrInvalid, func() error { return s.SetNeedStatus(id, "done") }},
		"status unknown": {doc.ErrNotFound, func() error { return s.SetNeedStatus("nope", doc.NeedMet) }},
		"respond own":    {doc.ErrInvalid, func() error { return s.RespondToNeed(id, sam, "ok") }},
		"respond empty":  {doc.ErrEmptyText, func() error { return s.RespondToNeed(id, alex, " ") }},
		"respond eve":    {doc.ErrNotPartner, func() error { return s.RespondToNeed(id, eve, "ok") }},
		"respond nope":   {doc.ErrNotFound, func() error { return s.RespondToNeed("nope", alex, "ok") }},
		"edit unknown":   {doc.ErrNotFound, func() error { return s.EditNeedText("nope", sam, "x") }},
		"edit empty":     {doc.ErrEmptyText, func() error { return s.EditNeedText(id, sam, "") }},
		"edit partner's": {doc.ErrNotYours, func() error { return s.EditNeedText(id, alex, "x") }},
		"edit stranger":  {doc.ErrNotPartner, func() error { return s.EditNeedText(id, eve, "x") }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, s, tc.want, tc.call) })
	}
}

func TestBoundaries(t *testing.T) {
	s := newCouple(t)
	id := must[string](t)(s.ProposeBoundary(sam, "No contact with them", "We talk to a counsellor"))
	b := s.Boundaries()[0]
	if b.InForce || len(b.AgreedBy) != 1 || b.AgreedBy[0] != sam || b.ProposedBy != sam {
		t.Fatalf("proposed = %+v", b)
	}
	noErr(t, s.AgreeBoundary(id, alex))
	wantNoCommit(t, s, func() error { return s.AgreeBoundary(id, alex) })
	if b = s.Boundaries()[0]; !b.InForce {
		t.Fatalf("agreed by both but not in force: %+v", b)
	}
	noErr(t, s.ReviseBoundary(id, alex, "No private contact with them", "We talk to a counsellor"))
	b = s.Boundaries()[0]
	if b.InForce || b.Text != "No private contact with them" || len(b.History) != 1 ||
		b.History[0].Text != "No contact with them" || b.History[0].By != sam || b.RevisedBy != alex ||
		len(b.AgreedBy) != 1 || b.AgreedBy[0] != alex {
		t.Fatalf("revised = %+v", b)
	}
	wantNoCommit(t, s, func() error {
		return s.ReviseBoundary(id, sam, "No private contact with them", "We talk to a counsellor")
	})
	noErr(t, s.AgreeBoundary(id, sam))
	if b = s.Boundaries()[0]; !b.InForce {
		t.Fatalf("re-agreed but not in force: %+v", b)
	}
	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"empty text":      {doc.ErrEmptyText, func() error { _, err := s.ProposeBoundary(sam, "", "c"); return err }},
		"empty cons":      {doc.ErrEmptyText, func() error { _, err := s.ProposeBoundary(sam, "b", ""); return err }},
		"stranger":        {doc.ErrNotPartner, func() error { _, err := s.ProposeBoundary(eve, "b", "c"); return err }},
		"agree unknown":   {doc.ErrNotFound, func() error { return s.AgreeBoundary("nope", sam) }},
		"agree stranger":  {doc.ErrNotPartner, func() error { return s.AgreeBoundary(id, eve) }},
		"revise stranger": {doc.ErrNotPartner, func() error { return s.ReviseBoundary(id, eve, "b", "c") }},
		"revise empty":    {doc.ErrEmptyText, func() error { return s.ReviseBoundary(id, sam, "b", "") }},
		"revise no text":  {doc.ErrEmptyText, func() error { return s.ReviseBoundary(id, sam, " ", "c") }},
		"revise unknown":  {doc.ErrNotFound, func() error { return s.ReviseBoundary("nope", sam, "b", "c") }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, s, tc.want, tc.call) })
	}
}

// An agreement made concurrently with a revision is to the old wording and
// must not put the new wording in force.
func TestBoundaryAgreeWhileRevised(t *testing.T) {
	a := newCouple(t)
	id := must[string](t)(a.ProposeBoundary(sam, "No contact", "Counsellor"))
	b := must[*doc.Shared](t)(a.Fork())
	noErr(t, a.AgreeBoundary(id, alex))
	noErr(t, b.ReviseBoundary(id, sam, "No contact at all", "Counsellor"))
	noErr(t, a.Merge(b))
	if bd := a.Boundaries()[0]; bd.InForce || bd.Text != "No contact at all" {
		t.Fatalf("merged = %+v", bd)
	}
}

func TestCheckIns(t *testing.T) {
	s := newCouple(t)
	when := t0.Add(3 * time.Hour)
	id := must[string](t)(s.AddCheckIn(doc.CheckIn{Author: sam, Time: when, Safety: 3, Trust: 2, Connection: 5, Feelings: []string{" hopeful", "tired "}, Note: " a long day ", NoteShared: true}))
	must[string](t)(s.AddCheckIn(doc.CheckIn{Author: alex, Safety: 10, Trust: 0, Connection: 7}))
	cs := s.CheckIns()
	if len(cs) != 2 {
		t.Fatalf("check-ins = %+v", cs)
	}
	c := cs[1] // t0+3h is after alex's (clock starts at t0)
	if c.ID != id || !c.Time.Equal(when) || c.Safety != 3 || c.Trust != 2 || c.Connection != 5 ||
		strings.Join(c.Feelings, "|") != "hopeful|tired" || c.Note != "a long day" || !c.NoteShared {
		t.Fatalf("check-in = %+v", c)
	}
	if len(cs[0].Feelings) != 0 || cs[0].Note != "" || cs[0].NoteShared {
		t.Fatalf("empty check-in = %+v", cs[0])
	}
	for name, c := range map[string]struct {
		want error
		c    doc.CheckIn
	}{
		"safety 11":  {doc.ErrInvalid, doc.CheckIn{Author: sam, Safety: 11}},
		"trust -1":   {doc.ErrInvalid, doc.CheckIn{Author: sam, Trust: -1}},
		"connection": {doc.ErrInvalid, doc.CheckIn{Author: sam, Connection: 100}},
		"stranger":   {doc.ErrNotPartner, doc.CheckIn{Author: eve}},
		"empty word": {doc.ErrEmptyText, doc.CheckIn{Author: sam, Feelings: []string{" "}}},
		"comma word": {doc.ErrInvalid, doc.CheckIn{Author: sam, Feelings: []string{"sad,angry"}}},
		"bad note":   {doc.ErrInvalid, doc.CheckIn{Author: sam, Note: "\xff", NoteShared: true}},
		"private":    {doc.ErrPrivate, doc.CheckIn{Author: sam, Note: "only mine"}},
	} {
		t.Run(name, func(t *testing.T) {
			wantErr(t, s, c.want, func() error { _, err := s.AddCheckIn(c.c); return err })
		})
	}
}

func TestInteractions(t *testing.T) {
	s := newCouple(t)
	id := must[string](t)(s.AddInteraction(alex, doc.Thoughtfulness, "Made tea"))
	noErr(t, s.NoticeInteraction(id, sam))
	wantNoCommit(t, s, func() error { return s.NoticeInteraction(id, sam) })
	in := s.Interactions()
	if len(in) != 1 || in[0].NoticedBy != sam || in[0].Noticed.IsZero() || in[0].Kind != doc.Thoughtfulness || in[0].Text != "Made tea" {
		t.Fatalf("interactions = %+v", in)
	}
	id2 := must[string](t)(s.AddInteraction(sam, doc.Compliment, "Said I looked well"))
	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"bad kind":       {doc.ErrInvalid, func() error { _, err := s.AddInteraction(alex, "gift", "x"); return err }},
		"empty":          {doc.ErrEmptyText, func() error { _, err := s.AddInteraction(alex, doc.Affection, ""); return err }},
		"stranger":       {doc.ErrNotPartner, func() error { _, err := s.AddInteraction(eve, doc.Affection, "x"); return err }},
		"notice own":     {doc.ErrInvalid, func() error { return s.NoticeInteraction(id2, sam) }},
		"notice eve":     {doc.ErrNotPartner, func() error { return s.NoticeInteraction(id2, eve) }},
		"notice unknown": {doc.ErrNotFound, func() error { return s.NoticeInteraction("nope", alex) }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, s, tc.want, tc.call) })
	}
	err := s.NoticeInteraction(id2, sam)
	if err == nil || !strings.Contains(err.Error(), "only the other partner") {
		t.Fatalf("own notice error is not clear: %v", err)
	}
}

func TestRituals(t *testing.T) {
	s := newCouple(t)
	if s.Rituals().IsSet() {
		t.Fatal("rituals set before SetRituals")
	}
	r := doc.Rituals{DailyTime: "20:30", DailyMinutes: 20, WeeklyDay: time.Sunday, WeeklyTime: "10:00", WeeklyMinutes: 60}
	noErr(t, s.SetRituals(r))
	if got := s.Rituals(); got != r {
		t.Fatalf("rituals = %+v", got)
	}
	for name, mod := range map[string]func(*doc.Rituals){
		"daily 10 min": func(r *doc.Rituals) { r.DailyMinutes = 10 },
		"daily 31 min": func(r *doc.Rituals) { r.DailyMinutes = 31 },
		"weekly 5 min": func(r *doc.Rituals) { r.WeeklyMinutes = 5 },
		"bad time":     func(r *doc.Rituals) { r.DailyTime = "8pm" },
		"bad hour":     func(r *doc.Rituals) { r.WeeklyTime = "25:00" },
		"short time":   func(r *doc.Rituals) { r.WeeklyTime = "9:00" },
		"bad weekday":  func(r *doc.Rituals) { r.WeeklyDay = 7 },
	} {
		t.Run(name, func(t *testing.T) {
			bad := r
			mod(&bad)
			wantErr(t, s, doc.ErrInvalid, func() error { return s.SetRituals(bad) })
		})
	}
}

func TestRepairSession(t *testing.T) {
	s := newCouple(t)
	id := must[string](t)(s.StartRepairSession(sam))
	rounds := []struct {
		round int
		who   string
		text  string
	}{
		{doc.RoundSpeaker, sam, "I felt alone"},
		{doc.RoundSwitch, alex, "I felt ashamed"},
		{doc.RoundPatterns, alex, "We stopped talking about hard things"},
		{doc.RoundNeeds, sam, "To know where you are"},
		{doc.RoundNeeds, alex, "Patience"},
		{doc.RoundCommitments, alex, "Text when late"},
	}
	for _, r := range rounds {
		noErr(t, s.RecordRound(id, r.round, r.who, r.text))
	}
	noErr(t, s.FinishRepairSession(id))
	wantNoCommit(t, s, func() error { return s.FinishRepairSession(id) })
	rs := s.RepairSessions()
	if len(rs) != 1 || rs[0].Finished.IsZero() || len(rs[0].Entries) != len(rounds) || rs[0].StartedBy != sam {
		t.Fatalf("sessions = %+v", rs)
	}
	r := rs[0]
	if p := r.Patterns(); len(p) != 1 || p[0].Text != "We stopped talking about hard things" {
		t.Fatalf("patterns = %+v", p)
	}
	if n := r.Needs(); len(n) != 2 || n[0].Who != sam || n[1].Who != alex {
		t.Fatalf("needs = %+v", n)
	}
	if c := r.Commitments(); len(c) != 1 || c[0].Text != "Text when late" {
		t.Fatalf("commitments = %+v", c)
	}
	if doc.RoundTitle(3) == "" || doc.RoundTitle(6) != "" {
		t.Fatal("round titles")
	}
	id2 := must[string](t)(s.StartRepairSession(alex))
	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"round 0":        {doc.ErrInvalid, func() error { return s.RecordRound(id2, 0, sam, "x") }},
		"round 6":        {doc.ErrInvalid, func() error { return s.RecordRound(id2, 6, sam, "x") }},
		"empty":          {doc.ErrEmptyText, func() error { return s.RecordRound(id2, 1, sam, "") }},
		"stranger":       {doc.ErrNotPartner, func() error { return s.RecordRound(id2, 1, eve, "x") }},
		"unknown":        {doc.ErrNotFound, func() error { return s.RecordRound("nope", 1, sam, "x") }},
		"finished":       {doc.ErrInvalid, func() error { return s.RecordRound(id, 1, sam, "x") }},
		"start stranger": {doc.ErrNotPartner, func() error { _, err := s.StartRepairSession(eve); return err }},
		"finish unknown": {doc.ErrNotFound, func() error { return s.FinishRepairSession("nope") }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, s, tc.want, tc.call) })
	}
}

func TestApologies(t *testing.T) {
	s := newCouple(t)
	a := doc.Apology{By: alex, WhatHappened: "I lied about where I was", Hurt: "You felt you could not trust me", Remorse: "I am deeply sorry", Plan: "I will share my plans"}
	id := must[string](t)(s.AddApology(a))
	got := s.Apologies()
	if len(got) != 1 || got[0].ID != id || got[0].Plan != a.Plan || got[0].By != alex || got[0].Time.IsZero() {
		t.Fatalf("apologies = %+v", got)
	}
	for name, mod := range map[string]func(*doc.Apology){
		"no what":    func(a *doc.Apology) { a.WhatHappened = "" },
		"no hurt":    func(a *doc.Apology) { a.Hurt = " " },
		"no remorse": func(a *doc.Apology) { a.Remorse = "" },
		"no plan":    func(a *doc.Apology) { a.Plan = "\t" },
	} {
		t.Run(name, func(t *testing.T) {
			bad := a
			mod(&bad)
			wantErr(t, s, doc.ErrEmptyText, func() error { _, err := s.AddApology(bad); return err })
		})
	}
	bad := a
	bad.By = eve
	wantErr(t, s, doc.ErrNotPartner, func() error { _, err := s.AddApology(bad); return err })
}

// The partner who received an apology answers it, with an optional note;
// answering again replaces the answer; the writer cannot answer their own.
func TestRespondToApology(t *testing.T) {
	s := newCouple(t)
	id := must[string](t)(s.AddApology(doc.Apology{By: alex, WhatHappened: "I lied", Hurt: "You could not trust me", Remorse: "I am sorry", Plan: "I will tell you"}))
	if ap := s.Apologies()[0]; ap.Response != "" || !ap.RespondedAt.IsZero() {
		t.Fatalf("a new apology has an answer: %+v", ap)
	}
	noErr(t, s.RespondToApology(id, sam, doc.ApologyNotReady, " I need a few days "))
	ap := s.Apologies()[0]
	if ap.Response != doc.ApologyNotReady || ap.ResponseNote != "I need a few days" || ap.RespondedBy != sam || ap.RespondedAt.IsZero() {
		t.Fatalf("answer = %+v", ap)
	}
	wantNoCommit(t, s, func() error { return s.RespondToApology(id, sam, doc.ApologyNotReady, "I need a few days") })
	noErr(t, s.RespondToApology(id, sam, doc.ApologyThanks, ""))
	if ap = s.Apologies()[0]; ap.Response != doc.ApologyThanks || ap.ResponseNote != "" || ap.Response.Words() != "Thank you" {
		t.Fatalf("answer again = %+v", ap)
	}
	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"own":      {doc.ErrInvalid, func() error { return s.RespondToApology(id, alex, doc.ApologyRead, "") }},
		"stranger": {doc.ErrNotPartner, func() error { return s.RespondToApology(id, eve, doc.ApologyRead, "") }},
		"unknown":  {doc.ErrNotFound, func() error { return s.RespondToApology("nope", sam, doc.ApologyRead, "") }},
		"bad kind": {doc.ErrInvalid, func() error { return s.RespondToApology(id, sam, "forgiven", "") }},
		"bad note": {doc.ErrInvalid, func() error { return s.RespondToApology(id, sam, doc.ApologyRead, "\xff") }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, s, tc.want, tc.call) })
	}
	for _, r := range doc.ApologyResponses {
		if !r.Valid() || r.Words() == "" {
			t.Errorf("answer %q: valid %v, words %q", r, r.Valid(), r.Words())
		}
	}
}

func TestBlameShiftingPhrases(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"I'm sorry you felt hurt.", []string{"I'm sorry you felt"}},
		{"I’m sorry you feel that way", []string{"I’m sorry you feel"}},
		{"I didn't mean to. You should have said something!", []string{"I didn't mean to", "You should have said"}},
		{"If you hadn't yelled, I would not have left", []string{"If you hadn't"}},
		{"I'm sorry if that hurt", []string{"sorry if that"}},
		{"I lied to you and it hurt you. I am sorry.", nil},
		{"You made me do it", []string{"You made me"}},
		{"", nil},
	} {
		var got []string
		for _, f := range doc.BlameShiftingPhrases(tc.text) {
			if tc.text[f.Start:f.End] != f.Phrase || f.Suggestion == "" {
				t.Errorf("%q: bad flag %+v", tc.text, f)
			}
			got = append(got, f.Phrase)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("BlameShiftingPhrases(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestQuestions(t *testing.T) {
	s := newCouple(t)
	id := must[string](t)(s.AskQuestion(sam, "Yes, it keeps me awake", "Did you see them again after?"))
	noErr(t, s.EditQuestion(id, sam, " Did you see them again? "))
	wantNoCommit(t, s, func() error { return s.EditQuestion(id, sam, "Did you see them again?") })
	if q := s.Questions()[0]; q.Text != "Did you see them again?" || q.Edited.IsZero() {
		t.Fatalf("edited question = %+v", q)
	}
	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"edit partner's": {doc.ErrNotYours, func() error { return s.EditQuestion(id, alex, "q") }},
		"edit stranger":  {doc.ErrNotPartner, func() error { return s.EditQuestion(id, eve, "q") }},
		"edit empty":     {doc.ErrEmptyText, func() error { return s.EditQuestion(id, sam, " ") }},
		"edit unknown":   {doc.ErrNotFound, func() error { return s.EditQuestion("nope", sam, "q") }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, s, tc.want, tc.call) })
	}
	noErr(t, s.AnswerQuestion(id, alex, "Once, to end it"))
	wantErr(t, s, doc.ErrInvalid, func() error { return s.EditQuestion(id, sam, "Did you see them?") }) // answered
	q := s.Questions()
	if len(q) != 1 || q[0].Answer != "Once, to end it" || q[0].AnsweredBy != alex || q[0].Reflection == "" || q[0].Answered.IsZero() {
		t.Fatalf("questions = %+v", q)
	}
	for name, tc := range map[string]struct {
		want error
		call func() error
	}{
		"no reflection":  {doc.ErrEmptyText, func() error { _, err := s.AskQuestion(sam, "", "q"); return err }},
		"no question":    {doc.ErrEmptyText, func() error { _, err := s.AskQuestion(sam, "r", ""); return err }},
		"stranger":       {doc.ErrNotPartner, func() error { _, err := s.AskQuestion(eve, "r", "q"); return err }},
		"answer own":     {doc.ErrInvalid, func() error { return s.AnswerQuestion(id, sam, "a") }},
		"answer empty":   {doc.ErrEmptyText, func() error { return s.AnswerQuestion(id, alex, "") }},
		"answer unknown": {doc.ErrNotFound, func() error { return s.AnswerQuestion("nope", alex, "a") }},
	} {
		t.Run(name, func(t *testing.T) { wantErr(t, s, tc.want, tc.call) })
	}
}

func TestMilestones(t *testing.T) {
	s := newCouple(t)
	ms := s.Milestones()
	if len(ms) != len(doc.MilestoneIDs()) || len(ms) < 10 || !ms[0].Due.IsZero() {
		t.Fatalf("milestones = %+v", ms)
	}
	noErr(t, s.SetStart(t0))
	noErr(t, s.TickMilestone("w1-repair", alex))
	wantNoCommit(t, s, func() error { return s.TickMilestone("w1-repair", alex) })
	noErr(t, s.TickMilestone("w1-repair", sam))
	noErr(t, s.TickMilestone("w1-pause", sam))
	ms = s.Milestones()
	if !ms[0].Done || len(ms[0].TickedBy) != 2 || ms[1].Done || !ms[0].Due.Equal(t0.AddDate(0, 0, 7)) {
		t.Fatalf("milestones = %+v", ms[:2])
	}
	p := s.MilestoneProgress(t0.AddDate(0, 0, 15))
	if p.Done != 1 || p.Due != 4 || p.DueDone != 1 || p.Next == nil || p.Next.ID != "w1-pause" || p.Total != len(ms) {
		t.Fatalf("progress = %+v", p)
	}
	noErr(t, s.UntickMilestone("w1-repair", sam))
	wantNoCommit(t, s, func() error { return s.UntickMilestone("w1-repair", sam) })
	if s.Milestones()[0].Done {
		t.Fatal("untick did not undo")
	}
	wantErr(t, s, doc.ErrNotFound, func() error { return s.TickMilestone("w9-nope", sam) })
	wantErr(t, s, doc.ErrNotPartner, func() error { return s.TickMilestone("w1-pause", eve) })
}

func TestHelpChecklist(t *testing.T) {
	s := newCouple(t)
	if s.HelpAdvice() != "" {
		t.Fatal("advice with nothing ticked")
	}
	noErr(t, s.TickHelpSign(doc.SignSameArgument, sam))
	adv := s.HelpAdvice()
	if adv == "" || strings.Contains(adv, "leaving") {
		t.Fatalf("advice = %q", adv)
	}
	// The sign of abuse never enters the shared document.
	heads := s.Heads()
	wantErr(t, s, doc.ErrPrivate, func() error { return s.TickHelpSign(doc.SignAbuse, alex) })
	if !slices.Equal(s.Heads(), heads) || s.HelpAdvice() != adv {
		t.Fatal("a refused private tick changed the document")
	}
	hs := s.HelpSigns()
	if len(hs) != 7 || hs[1].Sign != doc.SignSameArgument || len(hs[1].TickedBy) != 1 || hs[1].TickedBy[0] != sam || hs[1].Text == "" {
		t.Fatalf("signs = %+v", hs)
	}
	if hs[6].Sign != doc.SignAbuse || !hs[6].Sign.Private() || hs[1].Sign.Private() || hs[6].TickedBy == nil || len(hs[6].TickedBy) != 0 {
		t.Fatalf("private sign = %+v", hs[6])
	}
	// Seen on one device, with its own private tick added: safety first,
	// and no couples therapy.
	hs[6].TickedBy = []string{alex}
	safe := doc.HelpAdviceFor(hs)
	if !strings.HasPrefix(safe, "Your safety matters more than this repair.") || strings.Contains(safe, "A couples therapist") ||
		!strings.Contains(safe, "helpline") {
		t.Fatalf("advice with the private sign = %q", safe)
	}
	noErr(t, s.UntickHelpSign(doc.SignSameArgument, sam))
	if s.HelpAdvice() != "" {
		t.Fatal("advice after unticking all")
	}
	wantErr(t, s, doc.ErrNotFound, func() error { return s.TickHelpSign("bored", sam) })
	wantErr(t, s, doc.ErrNotPartner, func() error { return s.TickHelpSign(doc.SignStuck, eve) })
}

func TestViews(t *testing.T) {
	s := newCouple(t)
	c1 := must[string](t)(s.AddCommitment(alex, "a", doc.Daily))
	c2 := must[string](t)(s.AddCommitment(sam, "b", doc.Daily))
	noErr(t, s.MarkCommitment(c1, "2025-03-01", true))
	noErr(t, s.MarkCommitment(c2, "2025-03-01", true))
	noErr(t, s.MarkCommitment(c1, "2025-03-02", false))
	noErr(t, s.MarkCommitment(c2, "2025-03-03", true))
	noErr(t, s.AcknowledgeCommitment(c2, "2025-03-01", alex))
	acct := s.TrustAccount("")
	want := []doc.TrustPoint{
		{Date: "2025-03-01", Deposits: 2, Acknowledged: 1, Balance: 2},
		{Date: "2025-03-02", Withdrawals: 1, Balance: 1},
		{Date: "2025-03-03", Deposits: 1, Balance: 2},
	}
	if len(acct) != len(want) {
		t.Fatalf("account = %+v", acct)
	}
	for i := range want {
		if acct[i] != want[i] {
			t.Fatalf("account[%d] = %+v, want %+v", i, acct[i], want[i])
		}
	}
	if a := s.TrustAccount(alex); len(a) != 2 || a[1].Balance != 0 {
		t.Fatalf("alex's account = %+v", a)
	}

	mon := time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC) // a Monday
	for i, sc := range []int{4, 6, 8} {
		must[string](t)(s.AddCheckIn(doc.CheckIn{Author: sam, Time: mon.AddDate(0, 0, i*4), Safety: sc, Trust: sc, Connection: sc}))
	}
	if doc.WeekOf(time.Date(2025, 3, 9, 23, 0, 0, 0, time.UTC)) != "2025-03-03" {
		t.Fatal("Sunday belongs to the week of the Monday before")
	}

	i1 := must[string](t)(s.AddInteraction(alex, doc.Affection, "hug"))
	must[string](t)(s.AddInteraction(alex, doc.Compliment, "nice"))
	must[string](t)(s.AddInteraction(sam, doc.Compliment, "nice too"))
	noErr(t, s.NoticeInteraction(i1, sam))

	cnt := s.Counts()
	if cnt.Commitments != 2 || cnt.ActiveCommitments != 2 || cnt.CheckIns != 3 || cnt.Interactions != 3 || cnt.Unnoticed != 2 {
		t.Fatalf("counts = %+v", cnt)
	}
}

func TestSince(t *testing.T) {
	s := newCouple(t)
	heads := s.Heads()
	must[string](t)(s.AddNeed(sam, "a walk together"))
	must[string](t)(s.AddInteraction(alex, doc.Affection, "hug"))
	act := must[[]doc.Activity](t)(s.Since(heads))
	if len(act) != 2 || act[0].Message != "add a need" || act[1].Message != "add a positive interaction" {
		t.Fatalf("since = %+v", act)
	}
	for _, a := range act {
		if strings.Contains(a.Message, "walk") || strings.Contains(a.Message, "hug") {
			t.Fatal("activity leaks content")
		}
	}
	all := must[[]doc.Activity](t)(s.Since(nil))
	if len(all) != 3 || all[0].Message != "set the couple" {
		t.Fatalf("all = %+v", all)
	}
	_, err := s.Since([]doc.Hash{{1, 2, 3}})
	if !errors.Is(err, doc.ErrNotFound) {
		t.Fatalf("unknown head: %v", err)
	}
}
