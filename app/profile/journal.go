package profile

// journalState is the unlocked journal, if any.
type journalState struct {
}

// lock forgets the unlocked journal after saving it.
func (j *journalState) lock() {}
