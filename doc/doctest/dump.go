package doctest

import (
	"encoding/json"

	"github.com/kintsugi-app/kintsugi/doc"
)

// State is everything a document shows, read through doc's API.
type State struct {
	Partners     []doc.Partner       `json:"partners"`
	Journey      doc.Journey         `json:"journey"`
	Commitments  []doc.Commitment    `json:"commitments"`
	Needs        []doc.Need          `json:"needs"`
	Boundaries   []doc.Boundary      `json:"boundaries"`
	CheckIns     []doc.CheckIn       `json:"checkins"`
	Interactions []doc.Interaction   `json:"interactions"`
	Rituals      doc.Rituals         `json:"rituals"`
	Repairs      []doc.RepairSession `json:"repairs"`
	Apologies    []doc.Apology       `json:"apologies"`
	Questions    []doc.Question      `json:"questions"`
	Milestones   []doc.Milestone     `json:"milestones"`
	HelpSigns    []doc.HelpSignState `json:"help_signs"`
}

// Read returns everything s shows.
func Read(s *doc.Shared) State {
	return State{
		Partners: s.Partners(), Journey: s.Journey(), Commitments: s.Commitments(), Needs: s.Needs(),
		Boundaries: s.Boundaries(), CheckIns: s.CheckIns(), Interactions: s.Interactions(),
		Rituals: s.Rituals(), Repairs: s.RepairSessions(), Apologies: s.Apologies(),
		Questions: s.Questions(), Milestones: s.Milestones(), HelpSigns: s.HelpSigns(),
	}
}

// Dump returns everything s shows as canonical JSON, so two documents that
// show the same records give equal bytes.
func Dump(s *doc.Shared) []byte {
	b, err := json.Marshal(Read(s))
	if err != nil {
		panic(err) // plain data
	}
	return b
}
