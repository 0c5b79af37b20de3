package export

import (
	"github.com/kintsugi-app/kintsugi/doc"
)

// buildReport reads the whole document, and the journal when one is given,
// into a report. One function per section, so each follows doc's record
// API on its own.
func buildReport(s *doc.Shared, j *docJournal) (*report, error) {
	r := &report{}
	for _, read := range []func(*doc.Shared, *report) error{
		readCouple,
		readJourney,
		readCommitments,
		readNeeds,
		readBoundaries,
		readCheckIns,
		readInteractions,
		readRepairs,
		readApologies,
		readQuestions,
		readMilestones,
		readHelp,
	} {
		if err := read(s, r); err != nil {
			return nil, err
		}
	}
	if j != nil {
		r.Journal = readJournal(j)
	}
	return r, nil
}

// The readers below fill their section from doc's record views. Until
// doc's record API lands they leave the section empty.

func readCouple(s *doc.Shared, r *report) error       { return nil }
func readJourney(s *doc.Shared, r *report) error      { return nil }
func readCommitments(s *doc.Shared, r *report) error  { return nil }
func readNeeds(s *doc.Shared, r *report) error        { return nil }
func readBoundaries(s *doc.Shared, r *report) error   { return nil }
func readCheckIns(s *doc.Shared, r *report) error     { return nil }
func readInteractions(s *doc.Shared, r *report) error { return nil }
func readRepairs(s *doc.Shared, r *report) error      { return nil }
func readApologies(s *doc.Shared, r *report) error    { return nil }
func readQuestions(s *doc.Shared, r *report) error    { return nil }
func readMilestones(s *doc.Shared, r *report) error   { return nil }
func readHelp(s *doc.Shared, r *report) error         { return nil }

func readJournal(j *docJournal) *journal { return &journal{} }

// docJournal stands in for doc.Journal until doc's journal lands.
type docJournal struct{}
