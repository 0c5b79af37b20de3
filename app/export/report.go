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
	By       string     `json:"by"`                  // who asked
	AgreedBy string     `json:"agreed_by,omitempty"` // empty for pauses from before asking
	Since    time.Time  `json:"since"`               // when agreed
	Until    time.Time  `json:"until"`
	Ended    *time.Time `json:"ended,omitempty"`
}

type ritual struct {
	Kind    string `json:"kind"`
	When    string `json:"when"`
	Minutes int    `json:"minutes"`
}

type commitment struct {
	ID      string     `json:"id"`
	Owner   string     `json:"owner"`
	Text    string     `json:"text"`
	Cadence string     `json:"cadence"`
	Active  bool       `json:"active"`
	Created time.Time  `json:"created"`
	Retired *time.Time `json:"retired,omitempty"`
	Kept    int        `json:"kept"`
	Missed  int        `json:"missed"`
	Log     []mark     `json:"log"`
}

// mark is one day of a commitment's log.
type mark struct {
	Day          string `json:"day"`
	Kept         bool   `json:"kept"`
	Acknowledged bool   `json:"acknowledged"`
}

// balance is the trust account at the end of a day.
type balance struct {
	Day         string `json:"day"`
	Deposits    int    `json:"deposits"`
	Withdrawals int    `json:"withdrawals"`
	Balance     int    `json:"balance"`
}

type need struct {
	ID          string     `json:"id"`
	Owner       string     `json:"owner"`
	Text        string     `json:"text"`
	Status      string     `json:"status"`
	Created     time.Time  `json:"created"`
	Response    string     `json:"response"`
	RespondedBy string     `json:"responded_by,omitempty"`
	RespondedAt *time.Time `json:"responded_at,omitempty"`
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

// revision is one wording of a boundary, the first and current included.
type revision struct {
	At          time.Time `json:"at"`
	By          string    `json:"by"`
	What        string    `json:"what"`
	Text        string    `json:"text"`
	Consequence string    `json:"consequence"`
}

// What a revision was.
const (
	revProposed = "proposed"
	revRevised  = "revised"
)

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
	ID        string        `json:"id"`
	StartedBy string        `json:"started_by"`
	At        time.Time     `json:"at"`
	Finished  *time.Time    `json:"finished,omitempty"`
	Rounds    []repairRound `json:"rounds"`
}

// repairRound is what one partner (or both, "") said in one round.
type repairRound struct {
	Round int       `json:"round"`
	Name  string    `json:"name"`
	Who   string    `json:"who"`
	At    time.Time `json:"at"`
	Text  string    `json:"text"`
}

type apology struct {
	ID           string    `json:"id"`
	By           string    `json:"by"`
	At           time.Time `json:"at"`
	WhatHappened string    `json:"what_happened"`
	Hurt         string    `json:"hurt"`
	Remorse      string    `json:"remorse"`
	Plan         string    `json:"plan"`
	// Flags is always empty: the builder's gentle flags are coaching for
	// the writer, not part of the record. The field stays for the shape.
	Flags []string `json:"flags"`
	// The answer of the partner who received it: "read", "not-ready" or
	// "thanks", with an optional note.
	Response     string     `json:"response,omitempty"`
	ResponseNote string     `json:"response_note,omitempty"`
	RespondedBy  string     `json:"responded_by,omitempty"`
	RespondedAt  *time.Time `json:"responded_at,omitempty"`
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
	ID       string   `json:"id"`
	Period   string   `json:"period"`
	Text     string   `json:"text"`
	Due      string   `json:"due"`
	TickedBy []string `json:"ticked_by"`
	Done     bool     `json:"done"`
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
	Mood   int       `json:"mood"`
	Tags   []string  `json:"tags"`
}

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
