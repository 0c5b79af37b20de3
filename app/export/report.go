package export

import (
	"time"
)

// report is everything one export shows. It is also, field for field, the
// JSON shape documented in the package comment: change it only by adding.
type report struct {
	Format       string        `json:"format"`
	Version      int           `json:"version"`
	Title        string        `json:"title"`
	Generated    time.Time     `json:"generated"`
	From         *time.Time    `json:"from,omitempty"`
	To           *time.Time    `json:"to,omitempty"`
	Partners     []partner     `json:"partners"`
	Journey      journey       `json:"journey"`
	Commitments  []commitment  `json:"commitments"`
	Trust        []balance     `json:"trust_account"`
	Needs        []need        `json:"needs"`
	Boundaries   []boundary    `json:"boundaries"`
	CheckIns     []checkIn     `json:"checkins"`
	Trends       []trend       `json:"trends"`
	Interactions []interaction `json:"interactions"`
	Repairs      []repair      `json:"repairs"`
	Apologies    []apology     `json:"apologies"`
	Questions    []question    `json:"questions"`
	Milestones   []milestone   `json:"milestones"`
	Help         help          `json:"help"`
	Journal      *journal      `json:"journal,omitempty"`

	// loc is where dates are shown; it is not exported.
	loc *time.Location
}

const (
	reportFormat  = "kintsugi-export"
	reportVersion = 1
)

type partner struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type journey struct {
	Start     *time.Time `json:"start,omitempty"`
	Stage     int        `json:"stage"`
	StageName string     `json:"stage_name"`
	Pause     *pause     `json:"pause,omitempty"`
	Rituals   []ritual   `json:"rituals"`
}

type pause struct {
	Until time.Time `json:"until"`
	Note  string    `json:"note"`
}

type ritual struct {
	Kind    string `json:"kind"`
	When    string `json:"when"`
	Minutes int    `json:"minutes"`
}

// stages are the seven stages of the journey, in order (DESIGN.md §1).
var stages = []string{
	"Assess the damage",
	"Affirm commitment",
	"Establish accountability",
	"Seek reconnection",
	"Communicate deeply",
	"Re-establish trust",
	"Move toward forgiveness",
}

type commitment struct {
	ID      string    `json:"id"`
	Owner   string    `json:"owner"`
	Text    string    `json:"text"`
	Cadence string    `json:"cadence"`
	Active  bool      `json:"active"`
	Created time.Time `json:"created"`
	Kept    int       `json:"kept"`
	Missed  int       `json:"missed"`
	Log     []mark    `json:"log"`
}

// mark is one day of a commitment's log.
type mark struct {
	Day          string `json:"day"`
	Kept         bool   `json:"kept"`
	Acknowledged bool   `json:"acknowledged"`
}

// balance is the trust account at the end of a day.
type balance struct {
	Day     string `json:"day"`
	Balance int    `json:"balance"`
}

type need struct {
	ID       string    `json:"id"`
	Owner    string    `json:"owner"`
	Text     string    `json:"text"`
	Status   string    `json:"status"`
	Response string    `json:"response"`
	Created  time.Time `json:"created"`
}

type boundary struct {
	ID          string     `json:"id"`
	ProposedBy  string     `json:"proposed_by"`
	Text        string     `json:"text"`
	Consequence string     `json:"consequence"`
	AgreedBy    []string   `json:"agreed_by"`
	InForce     bool       `json:"in_force"`
	Created     time.Time  `json:"created"`
	History     []revision `json:"history"`
}

type revision struct {
	At          time.Time `json:"at"`
	By          string    `json:"by"`
	Text        string    `json:"text"`
	Consequence string    `json:"consequence"`
	What        string    `json:"what"`
}

type checkIn struct {
	ID         string    `json:"id"`
	Partner    string    `json:"partner"`
	At         time.Time `json:"at"`
	Safety     int       `json:"safety"`
	Trust      int       `json:"trust"`
	Connection int       `json:"connection"`
	Feelings   []string  `json:"feelings"`
	Note       string    `json:"note"`
}

// trend is one partner's average check-in scores over one week.
type trend struct {
	Partner    string  `json:"partner"`
	Week       string  `json:"week"`
	CheckIns   int     `json:"checkins"`
	Safety     float64 `json:"safety"`
	Trust      float64 `json:"trust"`
	Connection float64 `json:"connection"`
}

type interaction struct {
	ID      string    `json:"id"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
	Kind    string    `json:"kind"`
	Text    string    `json:"text"`
	Noticed bool      `json:"noticed"`
}

type repair struct {
	ID     string        `json:"id"`
	At     time.Time     `json:"at"`
	Rounds []repairRound `json:"rounds"`
}

type repairRound struct {
	Round int    `json:"round"`
	Name  string `json:"name"`
	Text  string `json:"text"`
}

type apology struct {
	ID           string    `json:"id"`
	By           string    `json:"by"`
	At           time.Time `json:"at"`
	WhatHappened string    `json:"what_happened"`
	Hurt         string    `json:"hurt"`
	Remorse      string    `json:"remorse"`
	Plan         string    `json:"plan"`
	Flags        []string  `json:"flags"`
}

type question struct {
	ID         string     `json:"id"`
	AskedBy    string     `json:"asked_by"`
	At         time.Time  `json:"at"`
	Reflection string     `json:"reflection"`
	Text       string     `json:"text"`
	Answer     string     `json:"answer"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
}

type milestone struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Due   string `json:"due"`
	Done  []tick `json:"done"`
}

type tick struct {
	Partner string    `json:"partner"`
	At      time.Time `json:"at"`
}

type help struct {
	Signs     []helpSign `json:"signs"`
	AnyTicked bool       `json:"any_ticked"`
	Note      string     `json:"note"`
}

type helpSign struct {
	Key      string   `json:"key"`
	Text     string   `json:"text"`
	TickedBy []string `json:"ticked_by"`
}

type journal struct {
	Entries []journalEntry `json:"entries"`
}

type journalEntry struct {
	At     time.Time `json:"at"`
	Prompt string    `json:"prompt"`
	Text   string    `json:"text"`
	Mood   string    `json:"mood"`
	Tags   []string  `json:"tags"`
}

// helpNote is what the export says when signs on the professional-help
// checklist are ticked; the app says the same.
const helpNote = "Some signs that outside help would serve you are ticked. " +
	"That is not a failure: a couples therapist can help with exactly this. " +
	"Where there is abuse or ongoing harm, leaving can be the healthy choice."

// name returns a partner's display name for an ID.
func (r *report) name(id string) string {
	for _, p := range r.Partners {
		if p.ID == id {
			if p.Name != "" {
				return p.Name
			}
			break
		}
	}
	if id == "" {
		return "Both"
	}
	return "A partner"
}

// partnerIndex returns 0 or 1 for the couple's partners (in the order of
// r.Partners), and -1 for anyone else.
func (r *report) partnerIndex(id string) int {
	for i, p := range r.Partners {
		if p.ID == id {
			return i
		}
	}
	return -1
}
