package remind_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/kintsugi-app/kintsugi/app/remind"
)

func TestSwitches(t *testing.T) {
	var s remind.Switches
	for _, k := range remind.Kinds() {
		if !s.On(k) {
			t.Errorf("zero Switches: %s off", k)
		}
	}
	s = s.With(remind.CheckIn, false)
	if s.On(remind.CheckIn) || !s.On(remind.Daily) || !s.On(remind.Weekly) || !s.On(remind.PauseEnd) || !s.AnyOn() {
		t.Fatalf("only the check-in off: %08b", s)
	}
	if s.With(remind.CheckIn, true) != 0 {
		t.Error("turning it back on did not give the zero value")
	}
	all := remind.Switches(0)
	for _, k := range remind.Kinds() {
		all = all.With(k, false)
	}
	if all != remind.AllOff || all.AnyOn() {
		t.Errorf("every one off = %08b, want AllOff", all)
	}
}

func TestSwitchesJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want remind.Switches
	}{
		{`{}`, 0},
		{`{"daily":true,"weekly":true,"checkin":true,"pause":true}`, 0},
		{`{"checkin":false}`, remind.Switches(0).With(remind.CheckIn, false)},
		{`{"daily":false,"weekly":false,"checkin":false,"pause":false}`, remind.AllOff},
		{`{"pause":false,"someday":false}`, remind.Switches(0).With(remind.PauseEnd, false)},
	} {
		var got remind.Switches
		if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if got != tc.want {
			t.Errorf("%s read as %08b, want %08b", tc.in, got, tc.want)
		}
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		var back remind.Switches
		if err := json.Unmarshal(b, &back); err != nil || back != got {
			t.Errorf("%s: round trip %s gave %08b, %v", tc.in, b, back, err)
		}
	}
	for _, bad := range []string{`[]`, `{"daily":"yes"}`, `true`} {
		var s remind.Switches
		if err := json.Unmarshal([]byte(bad), &s); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]remind.Kind{"daily": remind.Daily, "Weekly": remind.Weekly, " checkin ": remind.CheckIn, "pause": remind.PauseEnd} {
		if got, err := remind.ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "all", "check-in", "talk"} {
		if _, err := remind.ParseKind(bad); !errors.Is(err, remind.ErrUnknownKind) {
			t.Errorf("ParseKind(%q) error %v, want ErrUnknownKind", bad, err)
		}
	}
}

func FuzzSwitchesJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"daily":false}`, `{"daily":true,"weekly":false,"checkin":false,"pause":true}`, `null`, `{"x":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s remind.Switches
		if err := json.Unmarshal(b, &s); err != nil {
			return
		}
		if s&^remind.AllOff != 0 {
			t.Fatalf("%q set unknown bits: %08b", b, s)
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back remind.Switches
		if err := json.Unmarshal(out, &back); err != nil || back != s {
			t.Fatalf("round trip of %q: %s -> %08b (%v)", b, out, back, err)
		}
	})
}
