package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/kintsugi-app/kintsugi/app/profile"
	"github.com/kintsugi-app/kintsugi/doc"
)

// This file holds the commands that add to and read the shared document.
// Lists print one record a line, or with --json an array of the record
// objects whose shapes docs/CLI.md documents (never null: [] when empty).

// strList is a flag that may be given several times.
type strList []string

func (s *strList) String() string     { return strings.Join(*s, ",") }
func (s *strList) Set(v string) error { *s = append(*s, v); return nil }

// edit opens the profile and runs f with the document and my peer ID.
func (c *cli) edit(f func(p *profile.Profile, d *doc.Shared, me string) error) error {
	return c.withProfile(func(p *profile.Profile) error {
		return openedOncePaired(f(p, p.Doc(), p.PeerID()), p)
	})
}

// list parses "[--json]" and prints the records with the text printer.
func list[T any](c *cli, name string, args []string, get func(d *doc.Shared) []T, text func(w io.Writer, names func(string) string, xs []T)) error {
	return listOf(c, name, args, func(p *profile.Profile) []T { return get(p.Doc()) }, text)
}

// listOf is list for records read through the profile, which adds what
// this device keeps for its owner alone.
func listOf[T any](c *cli, name string, args []string, get func(p *profile.Profile) []T, text func(w io.Writer, names func(string) string, xs []T)) error {
	fs := c.flags(name)
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args, 0, 0); err != nil {
		return err
	}
	return c.withProfile(func(p *profile.Profile) error {
		xs := get(p)
		if xs == nil {
			xs = []T{}
		}
		if *asJSON {
			return c.printJSON(xs)
		}
		if len(xs) == 0 {
			c.printf("Nothing here yet.\n")
			return nil
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		text(tw, namer(p), xs)
		return tw.Flush()
	})
}

// namer returns a function giving the display name for a peer ID.
func namer(p *profile.Profile) func(string) string {
	names := map[string]string{}
	for _, pt := range p.Doc().Partners() {
		names[pt.ID] = pt.Name
	}
	return func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		if id == "" {
			return "-"
		}
		return id
	}
}

// printID prints the ID of a new record.
func (c *cli) printID(id string, err error) error {
	if err != nil {
		return err
	}
	c.printf("%s\n", id)
	return nil
}

func today() string { return doc.DateOf(time.Now()) }

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

// oneLine shortens text to one line for a list.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:59]) + "…"
	}
	return s
}

// --- commitments ---

func commitmentCommand() *command {
	return &command{name: "commitment", summary: "small, verifiable commitments", sub: []*command{
		{name: "add", args: "TEXT [--cadence daily|weekly|once]", summary: "add a commitment of yours; prints its id", run: func(c *cli, args []string) error {
			fs := c.flags("commitment add")
			cadence := fs.String("cadence", "daily", "daily, weekly or once")
			pos, err := parse(fs, args, 1, 1)
			if err != nil {
				return err
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return c.printID(d.AddCommitment(me, pos[0], doc.Cadence(*cadence)))
			})
		}},
		{name: "list", args: "[--json]", summary: "list commitments and their kept/missed log", run: func(c *cli, args []string) error {
			return list(c, "commitment list", args, (*doc.Shared).Commitments, func(w io.Writer, name func(string) string, xs []doc.Commitment) {
				for _, x := range xs {
					kept, missed := 0, 0
					for _, m := range x.Log {
						if m.Kept {
							kept++
						} else {
							missed++
						}
					}
					state := ""
					if !x.Active {
						state = " (retired)"
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s%s\tkept %d, missed %d\n", x.ID, name(x.Owner), x.Cadence, oneLine(x.Text), state, kept, missed)
				}
			})
		}},
		{name: "mark", args: "ID kept|missed [--date YYYY-MM-DD]", summary: "record whether a commitment was kept (default: today)", run: func(c *cli, args []string) error {
			fs := c.flags("commitment mark")
			date := fs.String("date", today(), "the day, YYYY-MM-DD")
			pos, err := parse(fs, args, 2, 2)
			if err != nil {
				return err
			}
			var kept bool
			switch pos[1] {
			case "kept":
				kept = true
			case "missed":
			default:
				return usageError{fmt.Sprintf("commitment mark: %q is neither kept nor missed", pos[1])}
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, _ string) error {
				return d.MarkCommitment(pos[0], *date, kept)
			})
		}},
		{name: "ack", args: "ID --date YYYY-MM-DD", summary: "acknowledge your partner kept a commitment that day", run: func(c *cli, args []string) error {
			fs := c.flags("commitment ack")
			date := fs.String("date", "", "the day, YYYY-MM-DD")
			pos, err := parse(fs, args, 1, 1)
			if err != nil {
				return err
			}
			if *date == "" {
				return usageError{"commitment ack: --date is required"}
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return d.AcknowledgeCommitment(pos[0], *date, me)
			})
		}},
		{name: "unmark", args: "ID [--date YYYY-MM-DD]", summary: "take back your kept or missed mark of a day (default: today)", run: func(c *cli, args []string) error {
			fs := c.flags("commitment unmark")
			date := fs.String("date", today(), "the day, YYYY-MM-DD")
			pos, err := parse(fs, args, 1, 1)
			if err != nil {
				return err
			}
			return c.edit(func(p *profile.Profile, d *doc.Shared, me string) error {
				return notYours(d.UnmarkCommitment(pos[0], *date, me), p, "commitment",
					"You can thank them when it is kept: kintsugi commitment ack ID --date YYYY-MM-DD")
			})
		}},
		{name: "edit", args: "ID TEXT", summary: "reword a commitment of yours", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("commitment edit"), args, 2, 2)
			if err != nil {
				return err
			}
			return c.edit(func(p *profile.Profile, d *doc.Shared, me string) error {
				return notYours(d.EditCommitmentText(pos[0], me, pos[1]), p, "commitment",
					"If the wording worries you, it may help to talk about it together.")
			})
		}},
		{name: "retire", args: "ID", summary: "retire a commitment (its log is kept)", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("commitment retire"), args, 1, 1)
			if err != nil {
				return err
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, _ string) error {
				return d.RetireCommitment(pos[0])
			})
		}},
	}}
}

// --- needs ---

func needCommand() *command {
	return &command{name: "need", summary: "what each of you needs to feel safe", sub: []*command{
		{name: "add", args: "TEXT", summary: "add a need of yours; prints its id", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("need add"), args, 1, 1)
			if err != nil {
				return err
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return c.printID(d.AddNeed(me, pos[0]))
			})
		}},
		{name: "list", args: "[--json]", summary: "list needs", run: func(c *cli, args []string) error {
			return list(c, "need list", args, (*doc.Shared).Needs, func(w io.Writer, name func(string) string, xs []doc.Need) {
				for _, x := range xs {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", x.ID, name(x.Owner), x.Status, oneLine(x.Text))
				}
			})
		}},
		{name: "status", args: "ID open|being-met|met", summary: "set how a need is going", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("need status"), args, 2, 2)
			if err != nil {
				return err
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, _ string) error {
				return d.SetNeedStatus(pos[0], doc.NeedStatus(pos[1]))
			})
		}},
		{name: "edit", args: "ID TEXT", summary: "reword a need of yours", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("need edit"), args, 2, 2)
			if err != nil {
				return err
			}
			return c.edit(func(p *profile.Profile, d *doc.Shared, me string) error {
				return notYours(d.EditNeedText(pos[0], me, pos[1]), p, "need",
					"You can respond to it instead: kintsugi need respond ID TEXT")
			})
		}},
		{name: "respond", args: "ID TEXT", summary: "respond to your partner's need", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("need respond"), args, 2, 2)
			if err != nil {
				return err
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return d.RespondToNeed(pos[0], me, pos[1])
			})
		}},
	}}
}

// --- boundaries ---

func boundaryCommand() *command {
	return &command{name: "boundary", summary: "boundaries with agreed consequences", sub: []*command{
		{name: "add", args: "TEXT --consequence TEXT", summary: "propose a boundary; prints its id", run: func(c *cli, args []string) error {
			fs := c.flags("boundary add")
			cons := fs.String("consequence", "", "what happens if it is crossed")
			pos, err := parse(fs, args, 1, 1)
			if err != nil {
				return err
			}
			if *cons == "" {
				return usageError{"boundary add: --consequence is required"}
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return c.printID(d.ProposeBoundary(me, pos[0], *cons))
			})
		}},
		{name: "agree", args: "ID", summary: "agree to a boundary (in force once you both agree)", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("boundary agree"), args, 1, 1)
			if err != nil {
				return err
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return d.AgreeBoundary(pos[0], me)
			})
		}},
		{name: "revise", args: "ID TEXT --consequence TEXT", summary: "propose new wording (both agree again)", run: func(c *cli, args []string) error {
			fs := c.flags("boundary revise")
			cons := fs.String("consequence", "", "what happens if it is crossed")
			pos, err := parse(fs, args, 2, 2)
			if err != nil {
				return err
			}
			if *cons == "" {
				return usageError{"boundary revise: --consequence is required"}
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return d.ReviseBoundary(pos[0], me, pos[1], *cons)
			})
		}},
		{name: "list", args: "[--json]", summary: "list boundaries", run: func(c *cli, args []string) error {
			return list(c, "boundary list", args, (*doc.Shared).Boundaries, func(w io.Writer, name func(string) string, xs []doc.Boundary) {
				for _, x := range xs {
					state := "proposed"
					if x.InForce {
						state = "in force"
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\tif crossed: %s\n", x.ID, name(x.ProposedBy), state, oneLine(x.Text), oneLine(x.Consequence))
				}
			})
		}},
	}}
}

// --- check-ins ---

func checkinCommand() *command {
	return &command{name: "checkin", args: "--safety N --trust N --connection N [--feeling WORD]... [--note TEXT | --shared-note TEXT] | checkin list [--json]",
		summary: "record how you feel (scores 0-10); prints its id", run: func(c *cli, args []string) error {
			if len(args) > 0 && args[0] == "list" {
				return listOf(c, "checkin list", args[1:], (*profile.Profile).CheckIns, func(w io.Writer, name func(string) string, xs []doc.CheckIn) {
					for _, x := range xs {
						note := oneLine(x.Note)
						if note != "" && !x.NoteShared {
							note += " (only you see this note)"
						}
						fmt.Fprintf(w, "%s\t%s\t%s\tsafety %d, trust %d, connection %d\t%s\t%s\n", x.ID, day(x.Time), name(x.Author),
							x.Safety, x.Trust, x.Connection, strings.Join(x.Feelings, ", "), note)
					}
				})
			}
			fs := c.flags("checkin")
			var feelings strList
			scores := map[string]*string{}
			for _, k := range []string{"safety", "trust", "connection"} {
				scores[k] = fs.String(k, "", "score 0-10")
			}
			fs.Var(&feelings, "feeling", "a feeling word (repeatable)")
			note := fs.String("note", "", "a note kept on this laptop only, encrypted; your partner never sees it")
			sharedNote := fs.String("shared-note", "", "a note your partner will see")
			if _, err := parse(fs, args, 0, 0); err != nil {
				return err
			}
			if *note != "" && *sharedNote != "" {
				return usageError{"checkin: give --note (kept on this laptop) or --shared-note (your partner sees it), not both"}
			}
			n := map[string]int{}
			for k, v := range scores {
				if *v == "" {
					return usageError{"checkin: --" + k + " is required"}
				}
				i, err := strconv.Atoi(*v)
				if err != nil || i < 0 || i > doc.MaxScore {
					return usageError{fmt.Sprintf("checkin: --%s must be a whole number from 0 to 10, got %q", k, *v)}
				}
				n[k] = i
			}
			return c.edit(func(p *profile.Profile, _ *doc.Shared, me string) error {
				ci := doc.CheckIn{Author: me, Safety: n["safety"], Trust: n["trust"], Connection: n["connection"], Feelings: feelings, Note: *note}
				if *sharedNote != "" {
					ci.Note, ci.NoteShared = *sharedNote, true
				}
				return c.printID(p.AddCheckIn(ci))
			})
		}}
}

// --- interactions ---

func interactionCommand() *command {
	return &command{name: "interaction", summary: "positive, non-conflict moments", sub: []*command{
		{name: "add", args: "--kind compliment|affection|thoughtfulness TEXT", summary: "log a positive interaction; prints its id", run: func(c *cli, args []string) error {
			fs := c.flags("interaction add")
			kind := fs.String("kind", "", "compliment, affection or thoughtfulness")
			pos, err := parse(fs, args, 1, 1)
			if err != nil {
				return err
			}
			if *kind == "" {
				return usageError{"interaction add: --kind is required"}
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return c.printID(d.AddInteraction(me, doc.InteractionKind(*kind), pos[0]))
			})
		}},
		{name: "notice", args: "ID", summary: "mark your partner's interaction as noticed", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("interaction notice"), args, 1, 1)
			if err != nil {
				return err
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return d.NoticeInteraction(pos[0], me)
			})
		}},
		{name: "list", args: "[--json]", summary: "list interactions", run: func(c *cli, args []string) error {
			return list(c, "interaction list", args, (*doc.Shared).Interactions, func(w io.Writer, name func(string) string, xs []doc.Interaction) {
				for _, x := range xs {
					noticed := ""
					if x.NoticedBy != "" {
						noticed = "noticed"
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", x.ID, day(x.Time), name(x.Author), x.Kind, oneLine(x.Text), noticed)
				}
			})
		}},
	}}
}

// --- questions ---

func questionCommand() *command {
	return &command{name: "question", summary: "questions, asked after a moment of reflection", sub: []*command{
		{name: "ask", args: "TEXT --reflection TEXT", summary: "ask a question (say first why you need to know); prints its id", run: func(c *cli, args []string) error {
			fs := c.flags("question ask")
			refl := fs.String("reflection", "", "do I need to know this to move forward? why?")
			pos, err := parse(fs, args, 1, 1)
			if err != nil {
				return err
			}
			if *refl == "" {
				return usageError{"question ask: --reflection is required: take a moment to ask yourself whether you need to know this to move forward"}
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return c.printID(d.AskQuestion(me, *refl, pos[0]))
			})
		}},
		{name: "edit", args: "ID TEXT", summary: "reword a question of yours, until it is answered", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("question edit"), args, 2, 2)
			if err != nil {
				return err
			}
			return c.edit(func(p *profile.Profile, d *doc.Shared, me string) error {
				return notYours(d.EditQuestion(pos[0], me, pos[1]), p, "question",
					"You can answer it instead: kintsugi question answer ID TEXT")
			})
		}},
		{name: "answer", args: "ID TEXT", summary: "answer your partner's question", run: func(c *cli, args []string) error {
			pos, err := parse(c.flags("question answer"), args, 2, 2)
			if err != nil {
				return err
			}
			return c.edit(func(_ *profile.Profile, d *doc.Shared, me string) error {
				return d.AnswerQuestion(pos[0], me, pos[1])
			})
		}},
		{name: "list", args: "[--json]", summary: "list questions and answers", run: func(c *cli, args []string) error {
			return list(c, "question list", args, (*doc.Shared).Questions, func(w io.Writer, name func(string) string, xs []doc.Question) {
				for _, x := range xs {
					ans := "(not answered yet)"
					if x.AnsweredBy != "" {
						ans = "answer: " + oneLine(x.Answer)
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", x.ID, name(x.By), oneLine(x.Text), ans)
				}
			})
		}},
	}}
}
