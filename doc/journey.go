package doc

import (
	"fmt"
	"time"

	"github.com/automerge/automerge-go"
)

// Stage is where the couple is on the road that couples who healed went
// through. The journey starts at [StageAssess].
type Stage int

// The seven stages, in order.
const (
	StageAssess         Stage = 1 // assess the damage
	StageAffirm         Stage = 2 // affirm commitment
	StageAccountability Stage = 3 // establish accountability
	StageReconnect      Stage = 4 // seek reconnection
	StageCommunicate    Stage = 5 // communicate deeply
	StageRebuildTrust   Stage = 6 // re-establish trust
	StageForgiveness    Stage = 7 // move toward forgiveness
)

var stageNames = [...]string{
	"",
	"Assess the damage",
	"Affirm commitment",
	"Establish accountability",
	"Seek reconnection",
	"Communicate deeply",
	"Re-establish trust",
	"Move toward forgiveness",
}

// Stages returns the seven stages in order.
func Stages() []Stage {
	return []Stage{StageAssess, StageAffirm, StageAccountability, StageReconnect, StageCommunicate, StageRebuildTrust, StageForgiveness}
}

// Valid reports whether st is one of the seven stages.
func (st Stage) Valid() bool { return st >= StageAssess && st <= StageForgiveness }

// String returns the stage's name, as shown to the couple.
func (st Stage) String() string {
	if !st.Valid() {
		return fmt.Sprintf("Stage(%d)", int(st))
	}
	return stageNames[st]
}

// Journey is the couple's shared path: when it started, where they are, and
// the latest pause one asked for (see [Pause]).
type Journey struct {
	Start     time.Time `json:"start,omitzero"`
	Stage     Stage     `json:"stage"`
	StageName string    `json:"stage_name"`
	Pause     Pause     `json:"pause,omitzero"`
}

const keyJourney = "journey"

// SetStart records the date the journey started; milestones count from it.
func (s *Shared) SetStart(t time.Time) error {
	if t.IsZero() {
		return fmt.Errorf("%w: start time is zero", ErrInvalid)
	}
	return s.setJourney("set the start date", map[string]any{"start": t.UnixMilli()})
}

// SetStage records the journey's current stage.
func (s *Shared) SetStage(st Stage) error {
	if !st.Valid() {
		return fmt.Errorf("%w: stage %d is not one of the seven", ErrInvalid, int(st))
	}
	return s.setJourney("move to a new stage", map[string]any{"stage": int64(st)})
}

// Journey returns the journey's start, stage and pause.
func (s *Shared) Journey() Journey {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.journeyLocked()
}

func (s *Shared) journeyLocked() Journey {
	r := s.fieldsLocked(keyJourney)
	j := Journey{
		Start: r.time("start"),
		Stage: Stage(r.int("stage")),
		Pause: pauseFrom(r),
	}
	if !j.Stage.Valid() {
		j.Stage = StageAssess
	}
	j.StageName = j.Stage.String()
	return j
}

func (s *Shared) setJourney(msg string, fields map[string]any) error {
	return s.change(msg, func(_ *automerge.Map) error {
		return s.setFieldsLocked(keyJourney, fields)
	})
}

// setFieldsLocked sets scalar fields of a container map.
func (s *Shared) setFieldsLocked(container string, fields map[string]any) error {
	c, err := s.containerLocked(container)
	if err != nil {
		return err
	}
	for _, k := range sortedKeys(fields) {
		if err := c.Set(k, fields[k]); err != nil {
			return err
		}
	}
	return nil
}
