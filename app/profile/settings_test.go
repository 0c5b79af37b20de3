package profile

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/kintsugi-app/kintsugi/app/remind"
)

var checkInOff = remind.Switches(0).With(remind.CheckIn, false)

func TestSettingsJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		file string
		want Settings
	}{
		{"empty file", `{}`, Settings{}},
		{"older, all on", `{"reminders":true}`, Settings{}},
		{"older, all off", `{"reminders":false,"relay":"/ip4/192.0.2.1/tcp/4001"}`, Settings{Reminders: remind.AllOff, Relay: "/ip4/192.0.2.1/tcp/4001"}},
		{"older, with listen", `{"reminders":false,"listen":["/ip4/0.0.0.0/tcp/0"]}`, Settings{Reminders: remind.AllOff, Listen: []string{"/ip4/0.0.0.0/tcp/0"}}},
		{"newer, one off", `{"reminders":true,"reminder_switches":{"daily":true,"weekly":true,"checkin":false,"pause":true}}`, Settings{Reminders: checkInOff}},
		{"switches win over the old field", `{"reminders":false,"reminder_switches":{"daily":true}}`, Settings{}},
		{"a reminder from a newer version", `{"reminder_switches":{"checkin":false,"bedtime":false}}`, Settings{Reminders: checkInOff}},
		{"port mapping on", `{"port_map":true}`, Settings{PortMap: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got Settings
			if err := json.Unmarshal([]byte(tc.file), &got); err != nil {
				t.Fatal(err)
			}
			if got.Reminders != tc.want.Reminders || got.Relay != tc.want.Relay || !slices.Equal(got.Listen, tc.want.Listen) || got.PortMap != tc.want.PortMap {
				t.Fatalf("read %+v, want %+v", got, tc.want)
			}
			b, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			var back Settings
			if err := json.Unmarshal(b, &back); err != nil || back.Reminders != got.Reminders || back.Relay != got.Relay || back.PortMap != got.PortMap {
				t.Fatalf("round trip through %s gave %+v, %v", b, back, err)
			}
			// What an older version reads: reminders on while any is on.
			var old struct{ Reminders bool }
			if err := json.Unmarshal(b, &old); err != nil || old.Reminders != got.Reminders.AnyOn() {
				t.Errorf("an older version reads %s as reminders=%v", b, old.Reminders)
			}
		})
	}
	var s Settings
	if err := json.Unmarshal([]byte(`{"reminders":"yes"}`), &s); err == nil {
		t.Error("a damaged file was read")
	}
}

// A profile whose settings file was written by an older version, with
// reminders turned off, opens with every reminder off; one without a
// settings file at all has them all on.
func TestSettingsOlderFile(t *testing.T) {
	p := newProfile(t, "Sam")
	if err := p.writeJSON(settingsFile, map[string]any{"reminders": false, "relay": "/ip4/192.0.2.1/tcp/4001"}); err != nil {
		t.Fatal(err)
	}
	dir := p.Dir()
	p.Close()
	q, err := Open(dir, "pass Sam")
	if err != nil {
		t.Fatal(err)
	}
	if got := q.Settings(); got.Reminders != remind.AllOff || got.Relay != "/ip4/192.0.2.1/tcp/4001" {
		t.Fatalf("older settings read as %+v", got)
	}
	// Turning one back on is kept.
	if err := q.SetSettings(Settings{Reminders: remind.AllOff.With(remind.PauseEnd, true)}); err != nil {
		t.Fatal(err)
	}
	q.Close()
	r, err := Open(dir, "pass Sam")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := r.Settings().Reminders
	for _, k := range remind.Kinds() {
		if got.On(k) != (k == remind.PauseEnd) {
			t.Errorf("%s on = %v after reopening", k, got.On(k))
		}
	}
}

func FuzzSettingsJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"reminders":false}`, `{"reminders":true,"reminder_switches":{"checkin":false}}`,
		`{"relay":"/ip4/192.0.2.1/tcp/4001","listen":["/ip4/0.0.0.0/tcp/0"]}`, `null`, `{"reminder_switches":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Settings
		if err := json.Unmarshal(b, &s); err != nil {
			return
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back Settings
		if err := json.Unmarshal(out, &back); err != nil || back.Reminders != s.Reminders || back.Relay != s.Relay || !slices.Equal(back.Listen, s.Listen) {
			t.Fatalf("round trip of %q through %s: %+v, %v", b, out, back, err)
		}
	})
}

// Router port mapping is off unless the settings or the run's options
// turn it on; the options override the settings either way (the CLI's
// --port-map and --port-map=false), and the setting is kept on disk.
func TestPortMapSetting(t *testing.T) {
	p := newProfile(t, "Ann")
	run := func(opts SyncOptions) bool {
		t.Helper()
		opts.Listen, opts.NoDiscovery = loopback.Listen, true
		if err := p.StartSync(context.Background(), opts); err != nil {
			t.Fatal(err)
		}
		defer p.stopSync(p.net)
		return p.PortMapping()
	}
	if run(SyncOptions{}) {
		t.Error("port mapping on by default")
	}
	if !run(SyncOptions{PortMap: true}) {
		t.Error("the option does not turn it on")
	}
	st := p.Settings()
	st.PortMap = true
	if err := p.SetSettings(st); err != nil {
		t.Fatal(err)
	}
	if !run(SyncOptions{}) {
		t.Error("the setting does not turn it on")
	}
	if run(SyncOptions{NoPortMap: true}) {
		t.Error("the option does not turn the setting off for a run")
	}
	if p.PortMapping() {
		t.Error("port mapping reported with no node running")
	}
	dir := p.Dir()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	p2, err := Open(dir, "pass Ann")
	if err != nil {
		t.Fatal(err)
	}
	defer p2.Close()
	if !p2.Settings().PortMap {
		t.Error("the setting is not kept on disk")
	}
}
