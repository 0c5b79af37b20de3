package remind

import (
	"encoding/json"
	"fmt"
)

// Switches turns each reminder on or off on one device. The zero value has
// every reminder on, so a new profile reminds of everything.
type Switches uint8 // a bit set per reminder turned off

// AllOff is every reminder turned off.
const AllOff = Switches(1<<4 - 1)

// On reports whether reminder k is on.
func (s Switches) On(k Kind) bool { return s&k.bit() == 0 }

// With returns s with reminder k turned on or off.
func (s Switches) With(k Kind, on bool) Switches {
	if on {
		return s &^ k.bit()
	}
	return s | k.bit()
}

// AnyOn reports whether at least one reminder is on.
func (s Switches) AnyOn() bool { return s&AllOff != AllOff }

// MarshalJSON writes every reminder with whether it is on:
// {"daily":true,"weekly":true,"checkin":false,"pause":true}.
func (s Switches) MarshalJSON() ([]byte, error) {
	m := make(map[Kind]bool, 4)
	for _, k := range Kinds() {
		m[k] = s.On(k)
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads what MarshalJSON wrote. A reminder left out is on
// (it may be newer than the file); a name it does not know is ignored.
func (s *Switches) UnmarshalJSON(b []byte) error {
	var m map[string]bool
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("failed to read reminder switches: %w", err)
	}
	var out Switches
	for _, k := range Kinds() {
		if on, ok := m[string(k)]; ok {
			out = out.With(k, on)
		}
	}
	*s = out
	return nil
}
