package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/app/remind"
)

// This file holds "kintsugi reminders": this laptop's switches for the four
// reminders, and which of them are due at a given minute. The times are the
// couple's shared rituals ("kintsugi ritual"); the answer to "what is due"
// is package remind's, the same the desktop app sends.

// reminderView is one line of "reminders show".
type reminderView struct {
	Kind  remind.Kind `json:"kind"`
	Label string      `json:"label"`
	On    bool        `json:"on"`
	Day   string      `json:"day,omitempty"`  // the weekly meeting's weekday
	Time  string      `json:"time,omitempty"` // HH:MM; empty when not agreed yet
	Until time.Time   `json:"until,omitzero"` // the end of a pause in effect
}

func remindersCommand() *command {
	toggle := func(on bool) *command {
		name := map[bool]string{true: "on", false: "off"}[on]
		return &command{name: name, args: "daily|weekly|checkin|pause|all", summary: "turn a reminder " + name + " on this laptop only", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("reminders "+name), args, 1, 1)
			if err != nil {
				return err
			}
			kinds := remind.Kinds()
			if !strings.EqualFold(pos[0], "all") {
				k, err := remind.ParseKind(pos[0])
				if err != nil {
					return usageError{"reminders " + name + ": " + err.Error() + ", or all"}
				}
				kinds = []remind.Kind{k}
			}
			return c.withProfile(func(p *profile.Profile) error {
				st := p.Settings()
				for _, k := range kinds {
					st.Reminders = st.Reminders.With(k, on)
				}
				return p.SetSettings(st)
			})
		}}
	}
	return &command{name: "reminders", summary: "this laptop's reminders", sub: []*command{
		{name: "show", args: "[--json]", summary: "show each reminder, its time and whether it is on on this laptop", run: func(c *cli, args []string) error {
			return show(c, "reminders show", args, remindersView, func(w io.Writer, _ func(string) string, vs []reminderView) {
				for _, v := range vs {
					when := strings.TrimSpace(v.Day + " " + v.Time)
					switch {
					case v.Kind == remind.PauseEnd && !v.Until.IsZero():
						when = "when this pause ends, " + v.Until.Local().Format("Mon 2 Jan 15:04")
					case v.Kind == remind.PauseEnd:
						when = "when a pause ends"
					case when == "":
						when = "no time agreed yet"
					}
					fmt.Fprintf(w, "%s\t%s\t%s\n", v.Label, when, map[bool]string{true: "on", false: "off"}[v.On])
				}
			})
		}},
		toggle(true),
		toggle(false),
		{name: "due", args: "[--at YYYY-MM-DDTHH:MM] [--json]", summary: "show which reminders this laptop sends in that minute (default: now)", run: cmdRemindersDue},
	}}
}

// remindersView lists the four reminders with this laptop's switches.
func remindersView(p *profile.Profile) []reminderView {
	d := p.Doc()
	r := d.Rituals()
	sw := p.Settings().Reminders
	var out []reminderView
	for _, k := range remind.Kinds() {
		v := reminderView{Kind: k, Label: k.Label(), On: sw.On(k)}
		switch k {
		case remind.Daily:
			v.Time = r.DailyTime
		case remind.Weekly:
			if r.IsSet() {
				v.Day, v.Time = r.WeeklyDay.String(), r.WeeklyTime
			}
		case remind.CheckIn:
			v.Time = r.CheckInAt()
		case remind.PauseEnd:
			if ps := d.Journey().Pause; ps.Active(time.Now()) {
				v.Until = ps.Until
			}
		}
		out = append(out, v)
	}
	return out
}

func cmdRemindersDue(c *cli, args []string) error {
	fs := c.flags("reminders due")
	atFlag := fs.String("at", "", "the minute, local time (default: now)")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	at := time.Now()
	if *atFlag != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", *atFlag, time.Local)
		if err != nil {
			return usageError{fmt.Sprintf("reminders due: --at %q is not a minute as YYYY-MM-DDTHH:MM, e.g. 2026-03-10T21:00", *atFlag)}
		}
		at = t
	}
	return c.withProfile(func(p *profile.Profile) error {
		due := remind.PlanFor(p.Doc(), p.PeerID(), p.Settings().Reminders).DueAt(at)
		if *asJSON {
			if due == nil {
				due = []remind.Reminder{}
			}
			return c.printJSON(due)
		}
		if len(due) == 0 {
			c.printf("Nothing due at %s.\n", at.Format("2006-01-02 15:04"))
			return nil
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		for _, r := range due {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.At.Local().Format("15:04"), r.Kind, r.Body)
		}
		return tw.Flush()
	})
}
