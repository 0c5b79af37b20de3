package export

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// jsonKeys is the documented JSON shape: the keys of the top-level object
// and of the objects in each list. Keys marked "?" may be left out.
var jsonKeys = map[string][]string{
	"":              {"format", "version", "title", "generated", "from?", "to?", "partners", "journey", "commitments", "trust_account", "needs", "boundaries", "checkins", "trends", "interactions", "repairs", "apologies", "questions", "milestones", "help", "journal?"},
	"partners":      {"id", "name"},
	"journey":       {"start?", "stage", "stage_name", "pause?", "rituals"},
	"rituals":       {"kind", "when", "minutes"},
	"pause":         {"by", "agreed_by?", "since", "until", "ended?"},
	"commitments":   {"id", "owner", "text", "cadence", "active", "created", "retired?", "kept", "missed", "log"},
	"log":           {"day", "kept", "acknowledged"},
	"trust_account": {"day", "deposits", "withdrawals", "balance"},
	"needs":         {"id", "owner", "text", "status", "created", "response", "responded_by?", "responded_at?"},
	"boundaries":    {"id", "proposed_by", "text", "consequence", "agreed_by", "in_force", "created", "history"},
	"history":       {"at", "by", "what", "text", "consequence"},
	"checkins":      {"id", "partner", "at", "safety", "trust", "connection", "feelings", "note"},
	"trends":        {"partner", "week", "checkins", "safety", "trust", "connection"},
	"interactions":  {"id", "by", "at", "kind", "text", "noticed"},
	"repairs":       {"id", "started_by", "at", "finished?", "rounds"},
	"rounds":        {"round", "name", "who", "at", "text"},
	"apologies":     {"id", "by", "at", "what_happened", "hurt", "remorse", "plan", "flags", "response?", "response_note?", "responded_by?", "responded_at?"},
	"questions":     {"id", "asked_by", "at", "reflection", "text", "answer", "answered_at?"},
	"milestones":    {"id", "period", "text", "due", "ticked_by", "done"},
	"help":          {"signs", "any_ticked", "note"},
	"signs":         {"key", "text", "ticked_by"},
	"journal":       {"entries"},
	"entries":       {"at", "prompt", "text", "mood", "tags"},
}

// checkShape walks a decoded JSON value and checks every object's keys
// against jsonKeys, and that no list is null.
func checkShape(t *testing.T, name string, v any) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		spec, ok := jsonKeys[name]
		if !ok {
			t.Errorf("object %q is not in the documented shape", name)
			return
		}
		var got, want, optional []string
		for k := range v {
			got = append(got, k)
		}
		for _, k := range spec {
			if strings.HasSuffix(k, "?") {
				optional = append(optional, strings.TrimSuffix(k, "?"))
			} else {
				want = append(want, k)
			}
		}
		for _, k := range want {
			if _, ok := v[k]; !ok {
				t.Errorf("%q lacks key %q", name, k)
			}
		}
		for _, k := range got {
			if !slices.Contains(want, k) && !slices.Contains(optional, k) {
				t.Errorf("%q has undocumented key %q", name, k)
			}
			if v[k] == nil {
				t.Errorf("%q.%q is null", name, k)
			}
			checkShape(t, k, v[k])
		}
	case []any:
		for _, e := range v {
			checkShape(t, name, e)
		}
	}
}

func TestJSONShape(t *testing.T) {
	s, j := sample(t)
	for _, opts := range []Options{march, {Now: march.Now, Journal: j}} {
		var v map[string]any
		if err := json.Unmarshal(export(t, FormatJSON, s, opts), &v); err != nil {
			t.Fatal(err)
		}
		checkShape(t, "", v)
	}
	var empty map[string]any
	if err := json.Unmarshal(export(t, FormatJSON, s, Options{From: march.Now, Now: march.Now}), &empty); err != nil {
		t.Fatal(err)
	}
	checkShape(t, "", empty)
	for _, k := range []string{"checkins", "interactions", "repairs", "questions"} {
		if l, ok := empty[k].([]any); !ok || len(l) != 0 {
			t.Errorf("an export of a range with no %s: %q = %v, want []", k, k, empty[k])
		}
	}
	if _, ok := empty["journal"]; ok {
		t.Error("journal present without a journal passed")
	}
}

// TestJSONContent decodes the export into the report type and checks the
// range was applied to every section.
func TestJSONContent(t *testing.T) {
	s, j := sample(t)
	opts := march
	opts.Journal = j
	var r report
	if err := json.Unmarshal(export(t, FormatJSON, s, opts), &r); err != nil {
		t.Fatal(err)
	}
	if r.Format != "kintsugi-export" || r.Version != 1 {
		t.Errorf("format, version = %q, %d", r.Format, r.Version)
	}
	if r.From == nil || !r.From.Equal(march.From) || r.To == nil || r.To.Format(time.RFC3339Nano) != "2025-03-31T23:59:59.999999999Z" {
		t.Errorf("from, to = %v, %v", r.From, r.To)
	}
	if got := len(r.Partners); got != 2 {
		t.Fatalf("%d partners", got)
	}
	count := func(name string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%d %s, want %d", got, name, want)
		}
	}
	count("commitments", len(r.Commitments), 1)
	count("log marks", len(r.Commitments[0].Log), 3)
	count("kept", r.Commitments[0].Kept, 2)
	count("missed", r.Commitments[0].Missed, 1)
	count("trust account days", len(r.Trust), 3)
	if r.Trust[0].Day != "2025-03-05" || r.Trust[0].Balance != 3 || r.Trust[2].Balance != 3 {
		t.Errorf("trust account = %+v, want the running balance counted from the first mark, 10 February", r.Trust)
	}
	count("needs", len(r.Needs), 1)
	count("boundaries", len(r.Boundaries), 1)
	count("boundary revisions in range", len(r.Boundaries[0].History), 1)
	if h := r.Boundaries[0].History[0]; h.What != revRevised || h.By != sam || h.Text != "No phones at dinner, both of us" {
		t.Errorf("boundary revision = %+v", h)
	}
	count("check-ins", len(r.CheckIns), 5)
	count("trend weeks", len(r.Trends), 5)
	count("interactions", len(r.Interactions), 1)
	count("repairs", len(r.Repairs), 1)
	count("repair rounds", len(r.Repairs[0].Rounds), 3)
	count("apologies", len(r.Apologies), 1)
	count("questions", len(r.Questions), 1)
	count("milestones", len(r.Milestones), 10)
	// The fixture's apology holds a phrase the builder flags; the flag is
	// coaching for its writer, not part of the record.
	if a := r.Apologies[0]; a.Flags == nil || len(a.Flags) != 0 || len(doc.BlameShiftingPhrases(a.WhatHappened+" "+a.Hurt+" "+a.Remorse+" "+a.Plan)) == 0 {
		t.Errorf("apology = %+v, want a flaggable phrase and no flags", a)
	}
	if !r.Help.AnyTicked || r.Help.Note == "" {
		t.Errorf("help = %+v, want a ticked sign and the note", r.Help)
	}
	if r.Journal == nil || len(r.Journal.Entries) != 1 || !strings.Contains(r.Journal.Entries[0].Text, journalIn) {
		t.Errorf("journal = %+v, want the one March entry", r.Journal)
	}
	for _, c := range r.CheckIns {
		if c.At.Before(march.From) || c.At.After(*r.To) {
			t.Errorf("check-in at %v is outside the range", c.At)
		}
	}
	if tr := r.Trends[0]; tr.Partner != alex || tr.Week != "2025-03-03" || tr.Safety != 5 {
		t.Errorf("first trend = %+v", tr)
	}
}

// TestTrendsMatchDoc checks that over an unbounded range the export's
// weekly trends are the plain averages of doc's check-ins per partner and
// week (docTrends).
func TestTrendsMatchDoc(t *testing.T) {
	s, _ := sample(t)
	var r report
	if err := json.Unmarshal(export(t, FormatJSON, s, Options{Now: march.Now}), &r); err != nil {
		t.Fatal(err)
	}
	want := docTrends(s)
	if len(r.Trends) != len(want) {
		t.Fatalf("%d trends, doc has %d", len(r.Trends), len(want))
	}
	for i, w := range want {
		g := r.Trends[i]
		if g.Partner != w.Partner || g.Week != w.Week || g.CheckIns != w.CheckIns ||
			abs(g.Safety-w.Safety) > 0.005 || abs(g.Trust-w.Trust) > 0.005 || abs(g.Connection-w.Connection) > 0.005 {
			t.Errorf("trend %d = %+v, doc says %+v", i, g, w)
		}
	}
}

// docTrends averages s's check-ins per partner and week (doc.WeekOf), by
// week, then by partner: the oracle of TestTrendsMatchDoc.
func docTrends(s *doc.Shared) []trend {
	type key struct{ p, w string }
	sums := map[key]*trend{}
	var keys []key
	for _, c := range s.CheckIns() {
		k := key{c.Author, doc.WeekOf(c.Time)}
		t := sums[k]
		if t == nil {
			t = &trend{Partner: c.Author, Week: k.w}
			sums[k] = t
			keys = append(keys, k)
		}
		t.CheckIns++
		t.Safety += float64(c.Safety)
		t.Trust += float64(c.Trust)
		t.Connection += float64(c.Connection)
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.w, b.w), cmp.Compare(a.p, b.p)) })
	out := make([]trend, 0, len(keys))
	for _, k := range keys {
		t := *sums[k]
		n := float64(t.CheckIns)
		t.Safety, t.Trust, t.Connection = t.Safety/n, t.Trust/n, t.Connection/n
		out = append(out, t)
	}
	return out
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// TestJSONGolden keeps the JSON export byte for byte, so any change to the
// shape shows up in review. Run with -update to accept a change.
func TestJSONGolden(t *testing.T) {
	s, j := sample(t)
	opts := march
	opts.Journal = j
	got := export(t, FormatJSON, s, opts)
	path := filepath.Join("testdata", "march.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("JSON export differs from %s; if the change is intended, run go test -update and review the diff", path)
	}
}

// TestJSONKeysDocumented checks that every key of the shape is named in the
// package documentation.
func TestJSONKeysDocumented(t *testing.T) {
	src, err := os.ReadFile("export.go")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for obj, keys := range jsonKeys {
		for _, k := range keys {
			names = append(names, strings.TrimSuffix(k, "?"))
		}
		if obj != "" {
			names = append(names, obj)
		}
	}
	sort.Strings(names)
	for _, k := range slices.Compact(names) {
		if !bytes.Contains(src, []byte(`"`+k+`"`)) {
			t.Errorf("JSON key %q is not in the package documentation", k)
		}
	}
}
