// Package export writes a chosen date range of the shared document as
// Markdown, PDF or JSON, for the couple to read back or to bring to a
// therapist.
//
//	var buf bytes.Buffer
//	err := export.Write(&buf, export.FormatPDF, shared, export.Options{
//		From: time.Date(2025, 3, 1, 0, 0, 0, 0, time.Local),
//		To:   time.Date(2025, 5, 31, 0, 0, 0, 0, time.Local),
//	})
//
// # What is included
//
// Everything the partners share: the journey (start date, current stage,
// pause, talk rituals), commitments with their kept/missed log and the trust
// account, needs, boundaries with both partners' agreement and their
// revision history, check-ins with weekly trends of safety, trust and
// connection per partner, positive interactions, repair sessions, apologies,
// questions, milestones and the professional-help checklist.
//
// An export holds only what its exporter can see in their own app: a
// check-in's note only when its writer shared it (a private note stays on
// its writer's device), never the private sign of abuse or ongoing harm,
// and not the apology builder's gentle flags. Every record names whose
// words it holds.
//
// The private journal is never included unless [Options.Journal] is set,
// which the app does only when the journal's owner has unlocked it and
// ticked "include my journal".
//
// # The date range
//
// [Options.From] and [Options.To] bound the export; a zero value leaves that
// end open. Both ends are inclusive, and a To at exactly midnight includes
// the whole of that day, so a range given as two dates means what people
// expect. From after To is [ErrBadRange].
//
// Dated events (check-ins, commitment marks, interactions, repair sessions,
// apologies, questions, boundary revisions, journal entries) are included
// when their time falls in the range. Standing records (commitments, needs,
// boundaries) are included when they were created on or before To, with
// their current text and status and only the in-range part of their log
// and history; but a commitment retired before From without a mark in the
// range, and a need met before the range and neither created nor answered
// in it, are left out as settled. The journey, milestones and the professional-help checklist
// are shown as they are now. The trust account balance counts every mark
// since the journey began, so its numbers agree with the app; only the
// points inside the range are listed.
//
// Dates and times are shown, and written in JSON, in the location of
// [Options.Now].
//
// # The PDF
//
// An A4 document with a title page listing the sections and their pages,
// a running header, "Page n of N" footers, bookmarks, and charts of the
// check-in trends and the trust account. It embeds Noto Sans (the app's
// own font), so text in any Latin script, Greek or Cyrillic prints as
// written; a character the font lacks, such as an emoji, prints as "?".
//
// # The JSON shape
//
// The JSON export is one object. Its shape is stable: fields may be added in
// later versions, never renamed or given a new meaning; "version" changes
// only if that promise has to be broken. Times are RFC 3339 strings, days
// are "YYYY-MM-DD", partners are referred to by their peer ID (see
// "partners" for their names), and lists are never null.
//
//	{
//	  "format": "kintsugi-export", "version": 1,
//	  "title": string, "generated": time,
//	  "from": time, "to": time,          // left out when that end is open
//	  "partners": [{"id", "name"}],
//	  "journey": {"start": time?, "stage": 1-7 (0 = not chosen), "stage_name",
//	              "pause": {"by", "agreed_by"?, "since", "until", "ended": time?}?,
//	              "rituals": [{"kind": "daily"|"weekly", "when", "minutes"}]},
//	  "commitments": [{"id", "owner", "text", "cadence": "daily"|"weekly"|"once",
//	                   "active", "created", "retired"?, "kept", "missed",
//	                   "log": [{"day", "kept", "acknowledged"}]}],
//	  "trust_account": [{"day", "deposits", "withdrawals", "balance"}],
//	  "needs": [{"id", "owner", "text", "status": "open"|"being met"|"met",
//	             "created", "response", "responded_by"?, "responded_at"?}],
//	  "boundaries": [{"id", "proposed_by", "text", "consequence", "agreed_by": [id],
//	                  "in_force", "created",
//	                  "history": [{"at", "by", "what": "proposed"|"revised",
//	                               "text", "consequence"}]}],
//	  "checkins": [{"id", "partner", "at", "safety", "trust", "connection",
//	                "feelings": [string], "note"}],
//	  "trends": [{"partner", "week": day (its Monday), "checkins",
//	              "safety", "trust", "connection"}],
//	  "interactions": [{"id", "by", "at", "kind", "text", "noticed"}],
//	  "repairs": [{"id", "started_by", "at", "finished"?,
//	               "rounds": [{"round": 1-5, "name", "who", "at", "text"}]}],
//	  "apologies": [{"id", "by", "at", "what_happened", "hurt", "remorse",
//	                 "plan", "flags": [string], "response"?: "read" | "not-ready" |
//	                 "thanks", "response_note"?, "responded_by"?, "responded_at"?}],
//	  "questions": [{"id", "asked_by", "at", "reflection", "text", "answer",
//	                 "answered_at"?}],
//	  "milestones": [{"id", "period", "text", "due": day or "", "ticked_by": [id],
//	                  "done"}],
//	  "help": {"signs": [{"key", "text", "ticked_by": [id]}], "any_ticked", "note"},
//	  "journal": {"entries": [{"at", "prompt", "text", "mood": 0-10,
//	                           "tags": [string]}]}   // only when a journal was passed
//	}
//
// "kept" and "missed" count the marks in the range; "trust_account" lists
// the days in the range that have marks, with the running balance since the
// first mark ever; "trends" are weekly averages of the check-ins in the
// range; "flags" is always empty (the apology builder's gentle flags are
// coaching for the writer, not part of the record; the field is kept for the
// shape); a check-in's "note" is there only when its writer shared it;
// a "history" entry is one wording of a boundary, the first and the current
// included, and "agreed_by" is who agreed to the current wording.
package export

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kintsugi-app/kintsugi/doc"
)

// Format is an export file format.
type Format string

// The formats Write knows.
const (
	FormatMarkdown Format = "md"
	FormatPDF      Format = "pdf"
	FormatJSON     Format = "json"
)

// Errors returned by the package. Callers branch on them with errors.Is.
var (
	// ErrUnknownFormat means the format is not one of md, pdf or json.
	ErrUnknownFormat = errors.New("unknown export format (use md, pdf or json)")
	// ErrBadRange means the range starts after it ends.
	ErrBadRange = errors.New("the date range starts after it ends")
)

// ParseFormat reads a format name as a user types it: "md" (or "markdown"),
// "pdf" or "json", in any case, with or without a leading dot.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), ".")) {
	case "md", "markdown":
		return FormatMarkdown, nil
	case "pdf":
		return FormatPDF, nil
	case "json":
		return FormatJSON, nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownFormat, s)
}

// Options choose what Write exports.
type Options struct {
	// From and To bound the export, both inclusive; zero leaves that end
	// open. A To at exactly midnight includes that whole day.
	From, To time.Time
	// Journal is the exporting partner's private journal. It is included
	// only when set; nil (the default) leaves it out.
	Journal *doc.Journal
	// Title heads the export; empty gives "Our repair journey".
	Title string
	// Now is the time of the export, shown on the title page; zero means
	// time.Now(). Dates are shown in its location.
	Now time.Time
}

// defaultTitle is used when Options.Title is empty.
const defaultTitle = "Our repair journey"

// Write exports s in format f to w.
func Write(w io.Writer, f Format, s *doc.Shared, opts Options) error {
	switch f {
	case FormatMarkdown, FormatPDF, FormatJSON:
	default:
		return fmt.Errorf("%w: %q", ErrUnknownFormat, string(f))
	}
	if s == nil {
		return errors.New("failed to export: no document")
	}
	r, err := newRange(opts)
	if err != nil {
		return err
	}
	return render(w, f, buildReport(s, opts.Journal, r.loc).filter(r, opts))
}

// render writes a report, already cut to its range, in format f.
func render(w io.Writer, f Format, rep *report) error {
	var err error
	switch f {
	case FormatMarkdown:
		err = writeMarkdown(w, rep)
	case FormatPDF:
		err = writePDF(w, rep)
	case FormatJSON:
		err = writeJSON(w, rep)
	default:
		return fmt.Errorf("%w: %q", ErrUnknownFormat, string(f))
	}
	if err != nil {
		return fmt.Errorf("failed to write the %s export: %w", f, err)
	}
	return nil
}
