package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/doc"
)

// This file holds the commands for the journey as a whole: apologies,
// milestones, the pause, the stage, the talk rituals and the
// professional-help checklist.

// show parses "[--json]" and prints one value.
func show[T any](c *cli, name string, args []string, get func(p *profile.Profile) T, text func(w io.Writer, names func(string) string, v T)) error {
	fs := c.flags(name)
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		v := get(p)
		if *asJSON {
			return c.printJSON(v)
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		text(tw, namer(p), v)
		return tw.Flush()
	})
}

func apologyCommand() *command {
	return &command{name: "apology", summary: "apologies in four parts", sub: []*command{
		{name: "add", args: "--what TEXT --hurt TEXT --remorse TEXT --plan TEXT", summary: "record an apology; prints its id and gentle suggestions", run: func(c *cli, args []string) error {
			fs := c.flags("apology add")
			what := fs.String("what", "", "what happened, without minimising")
			hurt := fs.String("hurt", "", "the hurt it caused")
			remorse := fs.String("remorse", "", "your remorse")
			plan := fs.String("plan", "", "your plan so it does not happen again")
			if _, err := parse(fs, args, 0, 0); err != nil {
				return err
			}
			for _, f := range []struct{ name, v string }{{"what", *what}, {"hurt", *hurt}, {"remorse", *remorse}, {"plan", *plan}} {
				if strings.TrimSpace(f.v) == "" {
					return usageError{"apology add: --" + f.name + " is required: a meaningful apology has all four parts"}
				}
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				id, err := d.AddApology(doc.Apology{By: me, WhatHappened: *what, Hurt: *hurt, Remorse: *remorse, Plan: *plan})
				if err != nil {
					return err
				}
				c.printf("%s\n", id)
				for _, t := range []string{*what, *hurt, *remorse, *plan} {
					for _, f := range doc.BlameShiftingPhrases(t) {
						fmt.Fprintf(c.stderr, "A gentle thought about %q: %s\n", f.Phrase, f.Suggestion)
					}
				}
				return nil
			})
		}},
		{name: "list", args: "[--json]", summary: "list apologies", run: func(c *cli, args []string) error {
			return list(c, "apology list", args, (*doc.Shared).Apologies, func(w io.Writer, name func(string) string, xs []doc.Apology) {
				for _, x := range xs {
					ans := "(no answer yet)"
					if x.Response != "" {
						ans = name(x.RespondedBy) + ": " + x.Response.Words()
						if x.ResponseNote != "" {
							ans += " — " + oneLine(x.ResponseNote)
						}
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", x.ID, day(x.Time), name(x.By), oneLine(x.WhatHappened), ans)
				}
			})
		}},
		{name: "respond", args: "ID read|not-ready|thanks [--note TEXT]", summary: "answer an apology you received: I've read this, I'm not ready yet, or thank you", run: func(c *cli, args []string) error {
			fs := c.flags("apology respond")
			note := fs.String("note", "", "a few words of your own (optional)")
			pos, err := parse(fs, args, 2, 2)
			if err != nil {
				return err
			}
			r := doc.ApologyResponse(pos[1])
			if !r.Valid() {
				return usageError{fmt.Sprintf("apology respond: %q is not read, not-ready or thanks", pos[1])}
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return d.RespondToApology(pos[0], me, r, *note)
			})
		}},
	}}
}

func milestoneCommand() *command {
	tick := func(name string, on bool) *command {
		return &command{name: name, args: "ID", summary: name + " a milestone (done once you both tick it)", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("milestone "+name), args, 1, 1)
			if err != nil {
				return err
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				if on {
					return d.TickMilestone(pos[0], me)
				}
				return d.UntickMilestone(pos[0], me)
			})
		}}
	}
	return &command{name: "milestone", summary: "milestones, as guidelines not deadlines", sub: []*command{
		{name: "list", args: "[--json]", summary: "list milestones and who ticked them", run: func(c *cli, args []string) error {
			return list(c, "milestone list", args, (*doc.Shared).Milestones, func(w io.Writer, name func(string) string, xs []doc.Milestone) {
				for _, x := range xs {
					var by []string
					for _, id := range x.TickedBy {
						by = append(by, name(id))
					}
					state := ""
					if x.Done {
						state = "done"
					} else if len(by) > 0 {
						state = "ticked by " + strings.Join(by, ", ")
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", x.ID, x.Period, x.Text, state)
				}
			})
		}},
		tick("tick", true),
		tick("untick", false),
	}}
}

func pauseCommand() *command {
	return &command{name: "pause", summary: "a deliberate pause before talking", sub: []*command{
		{name: "start", args: "--hours N | --until YYYY-MM-DD[THH:MM]", summary: "ask your partner for a pause (e.g. 48 hours to process apart); it starts when they agree", run: func(c *cli, args []string) error {
			fs := c.flags("pause start")
			hours := fs.Float64("hours", 0, "how long, in hours")
			until := fs.String("until", "", "when it ends, local time")
			if _, err := parse(fs, args, 0, 0); err != nil {
				return err
			}
			var end time.Time
			switch {
			case *hours > 0 && *until == "":
				end = time.Now().Add(time.Duration(*hours * float64(time.Hour)))
			case *hours == 0 && *until != "":
				t, err := parseLocal(*until)
				if err != nil {
					return usageError{"pause start: " + err.Error()}
				}
				end = t
			default:
				return usageError{"pause start: give either --hours or --until"}
			}
			return c.edit(func(p *profile.Profile, d *doc.Shared, me string) error {
				if err := d.AskPause(me, end); err != nil {
					return err
				}
				name := partnerName(p)
				c.printf("Asked %s for a pause until %s. It starts when %s agrees (pause agree, on their laptop).\n", name, end.Local().Format("Mon 2 Jan 15:04"), name)
				return nil
			})
		}},
		{name: "agree", summary: "agree to the pause your partner asked for: it starts now", run: func(c *cli, args []string) error {
			if _, err := parse(c.flags("pause agree"), args, 0, 0); err != nil {
				return err
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				if err := d.AgreePause(me); err != nil {
					return err
				}
				c.printf("Paused until %s.\n", d.Journey().Pause.Until.Local().Format("Mon 2 Jan 15:04"))
				return nil
			})
		}},
		{name: "decline", summary: "say not now to the pause your partner asked for", run: func(c *cli, args []string) error {
			if _, err := parse(c.flags("pause decline"), args, 0, 0); err != nil {
				return err
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return d.DeclinePause(me)
			})
		}},
		{name: "end", summary: "end the pause early, or withdraw your request", run: func(c *cli, args []string) error {
			if _, err := parse(c.flags("pause end"), args, 0, 0); err != nil {
				return err
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return d.EndPause(me)
			})
		}},
		{name: "show", args: "[--json]", summary: "show the pause", run: func(c *cli, args []string) error {
			return show(c, "pause show", args, func(p *profile.Profile) doc.Pause { return p.Doc().Journey().Pause },
				func(w io.Writer, name func(string) string, ps doc.Pause) {
					until := ps.Until.Local().Format("Mon 2 Jan 15:04")
					switch now := time.Now(); {
					case ps.Active(now) && ps.AgreedBy != "":
						fmt.Fprintf(w, "Paused until %s: asked for by %s, agreed by %s.\n", until, name(ps.By), name(ps.AgreedBy))
					case ps.Active(now):
						fmt.Fprintf(w, "Paused by %s until %s.\n", name(ps.By), until)
					case ps.Asking(now):
						fmt.Fprintf(w, "%s asked for a pause until %s; it starts when the other agrees.\n", name(ps.By), until)
					default:
						fmt.Fprintln(w, "No pause.")
					}
				})
		}},
	}}
}

// parseLocal parses YYYY-MM-DD or YYYY-MM-DDTHH:MM in local time.
func parseLocal(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM)", s)
}

// journeyView is the JSON shape of "stage show".
type journeyView struct {
	doc.Journey
	Stages []stageView `json:"stages"`
}

type stageView struct {
	Stage int    `json:"stage"`
	Name  string `json:"name"`
}

func stageCommand() *command {
	return &command{name: "stage", summary: "where you are on the journey", sub: []*command{
		{name: "show", args: "[--json]", summary: "show the journey's start and current stage", run: func(c *cli, args []string) error {
			return show(c, "stage show", args, func(p *profile.Profile) journeyView {
				v := journeyView{Journey: p.Doc().Journey()}
				for _, st := range doc.Stages() {
					v.Stages = append(v.Stages, stageView{int(st), st.String()})
				}
				return v
			}, func(w io.Writer, _ func(string) string, v journeyView) {
				if !v.Start.IsZero() {
					fmt.Fprintf(w, "Started %s.\n", v.Start.Local().Format("2 Jan 2006"))
				}
				for _, st := range v.Stages {
					mark := " "
					if st.Stage == int(v.Stage) {
						mark = "*"
					}
					fmt.Fprintf(w, "%s %d\t%s\n", mark, st.Stage, st.Name)
				}
			})
		}},
		{name: "set", args: "N", summary: "move to stage N (1-7)", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("stage set"), args, 1, 1)
			if err != nil {
				return err
			}
			n, err := strconv.Atoi(pos[0])
			if err != nil || !doc.Stage(n).Valid() {
				return usageError{fmt.Sprintf("stage set: %q is not a stage from 1 to 7", pos[0])}
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, _ string) error {
				return d.SetStage(doc.Stage(n))
			})
		}},
		{name: "start", args: "[--date YYYY-MM-DD]", summary: "set the day the journey started (default: today)", run: func(c *cli, args []string) error {
			fs := c.flags("stage start")
			date := fs.String("date", today(), "the day")
			if _, err := parse(fs, args, 0, 0); err != nil {
				return err
			}
			t, err := parseLocal(*date)
			if err != nil {
				return usageError{"stage start: " + err.Error()}
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, _ string) error {
				return d.SetStart(t)
			})
		}},
	}}
}

func ritualCommand() *command {
	return &command{name: "ritual", summary: "the daily talk, the weekly meeting and the check-in time", sub: []*command{
		{name: "show", args: "[--json]", summary: "show the agreed times", run: func(c *cli, args []string) error {
			return show(c, "ritual show", args, func(p *profile.Profile) doc.Rituals {
				r := p.Doc().Rituals()
				r.CheckInTime = r.CheckInAt()
				return r
			}, func(w io.Writer, _ func(string) string, r doc.Rituals) {
				if !r.IsSet() {
					fmt.Fprintln(w, "No talk times agreed yet.")
				} else {
					fmt.Fprintf(w, "Daily talk\t%s\t%d minutes\n", r.DailyTime, r.DailyMinutes)
					fmt.Fprintf(w, "Weekly meeting\t%s %s\t%d minutes\n", r.WeeklyDay, r.WeeklyTime, r.WeeklyMinutes)
				}
				fmt.Fprintf(w, "Daily check-in\t%s\t\n", r.CheckInTime)
			})
		}},
		{name: "set", args: "--daily HH:MM [--daily-minutes N] --weekly-day DAY --weekly HH:MM [--weekly-minutes N] [--checkin HH:MM] | --checkin HH:MM", summary: "agree the talk times, the check-in time, or both", run: func(c *cli, args []string) error {
			fs := c.flags("ritual set")
			daily := fs.String("daily", "", "daily talk time, HH:MM")
			dailyMin := fs.Int("daily-minutes", 20, "daily talk length, 15-30")
			weekly := fs.String("weekly", "", "weekly meeting time, HH:MM")
			weeklyDay := fs.String("weekly-day", "", "weekly meeting day, e.g. sunday")
			weeklyMin := fs.Int("weekly-minutes", 60, "weekly meeting length, 30-180")
			checkIn := fs.String("checkin", "", "check-in reminder time, HH:MM (default 21:00)")
			if _, err := parse(fs, args, 0, 0); err != nil {
				return err
			}
			given := map[string]bool{}
			fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
			if given["checkin"] && !doc.ValidTime(*checkIn) {
				return usageError{fmt.Sprintf("ritual set: --checkin %q is not a time of day as HH:MM, e.g. 21:00", *checkIn)}
			}
			for _, t := range []struct{ flag, v string }{{"daily", *daily}, {"weekly", *weekly}} {
				if given[t.flag] && !doc.ValidTime(t.v) {
					return usageError{fmt.Sprintf("ritual set: --%s %q is not a time of day as HH:MM, e.g. 20:30", t.flag, t.v)}
				}
			}
			delete(given, "profile")
			if given["checkin"] && len(given) == 1 { // only the check-in time moves
				return c.edit(func(_ *profile.Profile, d *doc.Shared, _ string) error {
					return d.SetCheckInTime(*checkIn)
				})
			}
			wd := -1
			for d := time.Sunday; d <= time.Saturday; d++ {
				if strings.EqualFold(*weeklyDay, d.String()) || strings.EqualFold(*weeklyDay, d.String()[:3]) {
					wd = int(d)
				}
			}
			if *daily == "" || *weekly == "" || wd < 0 {
				return usageError{"ritual set: --daily, --weekly and --weekly-day (e.g. sunday) are required, unless only --checkin is given"}
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, _ string) error {
				r := doc.Rituals{DailyTime: *daily, DailyMinutes: *dailyMin,
					WeeklyDay: time.Weekday(wd), WeeklyTime: *weekly, WeeklyMinutes: *weeklyMin, CheckInTime: *checkIn}
				if !given["checkin"] {
					r.CheckInTime = d.Rituals().CheckInTime // kept as it was
				}
				return d.SetRituals(r)
			})
		}},
	}}
}

// privateSignNote says where the tick of the private sign is kept.
const privateSignNote = "This tick stays on this laptop only: it is never shared, synced or exported. " +
	"In the app, \"Leave quickly\" locks it at once."

// helpView is the JSON shape of "professional-help list".
type helpView struct {
	Signs  []doc.HelpSignState `json:"signs"`
	Advice string              `json:"advice"`
}

func helpSignCommand() *command {
	tick := func(name string, on bool) *command {
		return &command{name: name, args: "SIGN", summary: name + " a sign on the checklist", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("professional-help "+name), args, 1, 1)
			if err != nil {
				return err
			}
			return c.edit(func(p *profile.Profile, _ *doc.Shared, _ string) error {
				sign := doc.HelpSign(pos[0])
				if err := p.TickHelpSign(sign, on); err != nil {
					return err
				}
				if on && sign.Private() {
					c.printf("%s\n\n%s\n", privateSignNote, p.HelpAdvice())
				} else if a := p.HelpAdvice(); on && a != "" {
					c.printf("%s\n", a)
				}
				return nil
			})
		}}
	}
	return &command{name: "professional-help", summary: "signs that professional help is needed", sub: []*command{
		{name: "list", args: "[--json]", summary: "show the checklist and, if signs are ticked, advice", run: func(c *cli, args []string) error {
			return show(c, "professional-help list", args, func(p *profile.Profile) helpView {
				return helpView{Signs: p.HelpSigns(), Advice: p.HelpAdvice()}
			}, func(w io.Writer, name func(string) string, v helpView) {
				for _, s := range v.Signs {
					var by []string
					for _, id := range s.TickedBy {
						by = append(by, name(id))
					}
					fmt.Fprintf(w, "%s\t%s\t%s\n", s.Sign, s.Text, strings.Join(by, ", "))
				}
				if v.Advice != "" {
					fmt.Fprintf(w, "\n%s\n", v.Advice)
				}
			})
		}},
		tick("tick", true),
		tick("untick", false),
	}}
}
