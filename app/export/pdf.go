package export

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// Page geometry in millimetres (A4 portrait).
const (
	pageW   = 210.0
	pageH   = 297.0
	marginX = 20.0
	marginT = 22.0
	marginB = 20.0
	textW   = pageW - 2*marginX
	lineH   = 5.0
)

type rgb struct{ r, g, b int }

var (
	colInk   = rgb{40, 40, 48}
	colMuted = rgb{105, 105, 115}
	colGold  = rgb{176, 137, 44}
	colRule  = rgb{215, 200, 160}
	colZebra = rgb{248, 245, 236}
	colGrid  = rgb{225, 225, 230}
	// partner colours, drawn solid and dashed so a grey print still tells them apart
	colPartner = []rgb{{38, 94, 140}, {176, 72, 96}}
)

// writePDF lays the report out as an A4 document: a title page with the
// contents, then one section after another, with running headers, page
// numbers and a PDF outline.
func writePDF(w io.Writer, r *report) error {
	p := newPDFWriter(r)
	p.titlePage()
	p.journey()
	p.commitments()
	p.needs()
	p.boundaries()
	p.checkIns()
	p.interactions()
	p.repairs()
	p.apologies()
	p.questions()
	p.milestones()
	p.help()
	p.journal()
	p.finishContents()
	if p.te == nil || len(p.te.t3.fonts) == 0 {
		return p.f.Output(w)
	}
	if err := p.te.missingErr(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := p.f.Output(&buf); err != nil {
		return err
	}
	out, err := p.te.t3.appendFonts(buf.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

type pdfWriter struct {
	f *fpdf.Fpdf
	r *report
	// sections lists the headings in order, for the contents.
	sections []string
	// style is the current font style; te shapes and draws the text
	// fpdf's font cannot (see pdftext.go).
	style string
	te    *textEngine
}

func newPDFWriter(r *report) *pdfWriter {
	f := fpdf.New("P", "mm", "A4", "")
	p := &pdfWriter{f: f, r: r}
	f.SetMargins(marginX, marginT, marginX)
	f.SetAutoPageBreak(true, marginB)
	f.SetCellMargin(1)
	addFonts(f)
	// fpdf's UTF-16 conversion of metadata panics on invalid UTF-8.
	f.SetTitle(strings.ToValidUTF8(r.Title, "?"), true)
	f.SetAuthor(strings.ToValidUTF8(r.couple(), "?"), true)
	f.SetSubject(strings.ToValidUTF8(r.period(), "?"), true)
	f.SetCreator("Kintsugi", true)
	f.SetProducer("Kintsugi", true)
	f.SetCreationDate(r.Generated)
	f.SetModificationDate(r.Generated)
	f.SetCatalogSort(true)
	f.AliasNbPages(nbAlias)
	f.SetHeaderFunc(p.header)
	f.SetFooterFunc(p.footer)
	return p
}

func (p *pdfWriter) color(c rgb)     { p.f.SetTextColor(c.r, c.g, c.b) }
func (p *pdfWriter) drawColor(c rgb) { p.f.SetDrawColor(c.r, c.g, c.b) }
func (p *pdfWriter) fillColor(c rgb) { p.f.SetFillColor(c.r, c.g, c.b) }

// font sets the font: style "" regular, "B" bold, "I" italic.
func (p *pdfWriter) font(style string, size float64) {
	p.style = style
	p.f.SetFont(fontFamily, style, size)
}

func (p *pdfWriter) header() {
	if p.f.PageNo() == 1 {
		return
	}
	f := p.f
	p.font("", 8)
	p.color(colMuted)
	f.SetXY(marginX, 10)
	p.cell(textW/2, 4, p.r.Title+" · "+p.r.couple(), "", 0, "L", false)
	p.cell(textW/2, 4, p.r.period(), "", 0, "R", false)
	p.drawColor(colRule)
	f.SetLineWidth(0.3)
	f.Line(marginX, 15.5, pageW-marginX, 15.5)
	f.SetXY(marginX, marginT)
	p.color(colInk)
}

func (p *pdfWriter) footer() {
	f := p.f
	if f.PageNo() == 1 {
		return
	}
	f.SetY(-13)
	p.font("", 8)
	p.color(colMuted)
	f.CellFormat(0, 4, "Page "+strconv.Itoa(f.PageNo())+" of "+nbAlias, "", 0, "C", false, 0, "")
	p.color(colInk)
}

// nbAlias is the placeholder for the page count. fpdf replaces aliases
// wherever they occur on a page, partners' words too, so each holds a zero
// width space, which inFont never keeps: a note that says "{nb}" prints
// as written.
const nbAlias = "{\u200bnb}"

// contentsAlias is the placeholder for a section's page number on the
// title page, replaced when the page is known (see nbAlias).
func contentsAlias(i int) string { return "{\u200bsec" + strconv.Itoa(i) + "}" }

func (p *pdfWriter) titlePage() {
	f := p.f
	r := p.r
	f.AddPage()
	f.SetY(62)
	p.font("B", 11)
	p.color(colGold)
	f.CellFormat(0, 6, "KINTSUGI", "", 1, "C", false, 0, "")
	f.Ln(4)
	p.font("B", 24)
	p.color(colInk)
	p.multiCell(0, 11, r.Title, "", "C", false)
	f.Ln(3)
	p.font("", 15)
	p.multiCell(0, 8, r.couple(), "", "C", false)
	f.Ln(1)
	p.font("", 11)
	p.color(colMuted)
	p.multiCell(0, 6, r.period(), "", "C", false)
	f.Ln(8)
	p.seam(f.GetY())
	f.Ln(10)
	p.font("I", 11)
	p.color(colInk)
	f.SetX(marginX + 15)
	p.multiCell(textW-30, 6, introNote, "", "C", false)
	f.Ln(16)

	p.font("B", 10)
	p.color(colGold)
	f.SetX(marginX + 30)
	f.CellFormat(0, 6, "CONTENTS", "", 1, "L", false, 0, "")
	p.font("", 10)
	p.color(colInk)
	for i, s := range p.contentsList() {
		f.SetX(marginX + 30)
		p.cell(textW-70, 6, s, "", 0, "L", false)
		f.CellFormat(10, 6, contentsAlias(i), "", 1, "L", false, 0, "")
	}

	f.SetY(pageH - 40)
	p.font("", 9)
	p.color(colMuted)
	p.cell(0, 5, "Exported with Kintsugi on "+r.when(r.Generated)+".", "", 1, "C", false)
	f.CellFormat(0, 5, "Private: please keep it somewhere safe.", "", 1, "C", false, 0, "")
	p.color(colInk)
}

// contentsList is the section headings this export will have.
func (p *pdfWriter) contentsList() []string {
	out := []string{secJourney, secCommitments, secNeeds, secBoundaries, secCheckIns,
		secInteractions, secRepairs, secApologies, secQuestions, secMilestones, secHelp}
	if p.r.Journal != nil {
		out = append(out, secJournal)
	}
	return out
}

// finishContents fills the contents' page numbers.
func (p *pdfWriter) finishContents() {
	// Sections start in the order of contentsList; any that did not
	// start (none should) get no number rather than a placeholder.
	for i := len(p.sections); i < len(p.contentsList()); i++ {
		p.f.RegisterAlias(contentsAlias(i), "")
	}
}

// seam draws a thin gold line with a few gentle breaks, like a mended crack.
func (p *pdfWriter) seam(y float64) {
	f := p.f
	p.drawColor(colGold)
	f.SetLineWidth(0.6)
	pts := []struct{ x, y float64 }{{55, 0}, {80, 1.2}, {97, -0.8}, {112, 1.6}, {131, 0.2}, {155, 0.9}}
	for i := 1; i < len(pts); i++ {
		f.Line(pts[i-1].x, y+pts[i-1].y, pts[i].x, y+pts[i].y)
	}
	f.SetLineWidth(0.2)
}

// space makes sure h millimetres are left on the page, starting a new page
// otherwise.
func (p *pdfWriter) space(h float64) {
	if p.f.GetY()+h > pageH-marginB {
		p.f.AddPage()
	}
}

// sectionRoom is how much of a page a section needs below its heading to
// start on that page rather than a new one.
const sectionRoom = 75.0

// section starts a section with a heading, a gold rule, an outline entry
// and its number in the contents; on a new page when less than room
// millimetres are left below the heading.
func (p *pdfWriter) section(title string, room float64) {
	f := p.f
	if f.PageNo() == 1 || f.GetY()+8+17+room > pageH-marginB {
		f.AddPage()
	} else {
		f.Ln(8)
	}
	idx := len(p.sections)
	p.sections = append(p.sections, title)
	f.RegisterAlias(contentsAlias(idx), strconv.Itoa(f.PageNo()))
	f.Bookmark(inFont(title), 0, -1)
	p.font("B", 16)
	p.color(colInk)
	p.cell(0, 9, title, "", 1, "L", false)
	p.drawColor(colGold)
	f.SetLineWidth(0.5)
	y := f.GetY()
	f.Line(marginX, y, marginX+30, y)
	f.SetLineWidth(0.2)
	f.Ln(4)
}

// sub writes a subheading and keeps at least need millimetres after it.
func (p *pdfWriter) sub(title string, need float64) {
	p.space(8 + need)
	p.f.Ln(2)
	p.font("B", 11.5)
	p.color(colInk)
	p.multiCell(0, 6, title, "", "L", false)
}

// text writes a wrapped paragraph.
func (p *pdfWriter) text(s string) {
	p.font("", 10)
	p.color(colInk)
	p.multiCell(0, lineH, s, "", "L", false)
}

// meta writes a small grey line.
func (p *pdfWriter) meta(s string) {
	p.font("", 8.5)
	p.color(colMuted)
	p.multiCell(0, 4.2, s, "", "L", false)
	p.color(colInk)
}

// labelled writes "Label: text" with the label in bold, the text wrapped
// under it when long.
func (p *pdfWriter) labelled(label, s string) {
	p.space(2 * lineH)
	p.font("B", 9.5)
	p.color(colMuted)
	p.multiCell(0, 4.5, label, "", "L", false)
	p.font("", 10)
	p.color(colInk)
	if strings.TrimSpace(s) == "" {
		s = "(left empty)"
	}
	p.f.SetX(marginX + 3)
	p.multiCell(textW-3, lineH, s, "", "L", false)
	p.f.Ln(1)
}

func (p *pdfWriter) empty() {
	p.font("I", 10)
	p.color(colMuted)
	p.multiCell(0, lineH, emptyNote, "", "L", false)
	p.color(colInk)
}

// column is one column of a table.
type column struct {
	title string
	width float64
	align string // "L", "C" or "R"
}

// multiCellLines counts the lines MultiCell draws s in at width w with the
// current font, breaking as MultiCell does: at each "\n", else at the last
// ' ' that fits, else inside the word. (SplitText also breaks at no-break
// and thin spaces, so it can count fewer lines than MultiCell draws, and
// a cell would run into the row below.)
func multiCellLines(f *fpdf.Fpdf, s string, w float64) int {
	_, size := f.GetFontSize()
	wmax := int(math.Ceil((w - 2*f.GetCellMargin()) * 1000 / size))
	rs := []rune(strings.ReplaceAll(s, "\r", ""))
	for len(rs) > 0 && rs[len(rs)-1] == '\n' {
		rs = rs[:len(rs)-1]
	}
	lines, sep, i, j, l := 1, -1, 0, 0, 0
	for i < len(rs) {
		c := rs[i]
		if c == '\n' {
			i++
			sep, j, l = -1, i, 0
			lines++
			continue
		}
		if c == ' ' || (c >= 0x4e00 && c <= 0x9fa5) {
			sep = i
		}
		l += f.GetStringSymbolWidth(string(c))
		if l <= wmax {
			i++
			continue
		}
		switch {
		case sep >= 0:
			i = sep + 1
		case i == j:
			i++
		}
		sep, j, l = -1, i, 0
		lines++
	}
	return lines
}

// table draws rows under a header that repeats on every page. Cells wrap;
// a row never splits across pages, and a row too tall for any page is
// written out as paragraphs instead.
func (p *pdfWriter) table(cols []column, rows [][]string) {
	f := p.f
	const cellH = 4.4
	const pad = 1.2
	headerH := cellH + 2*pad
	drawHeader := func() {
		p.font("B", 8.5)
		p.color(colMuted)
		p.drawColor(colRule)
		f.SetLineWidth(0.3)
		x := marginX
		y := f.GetY()
		for _, c := range cols {
			f.SetXY(x, y)
			p.cell(c.width, headerH, c.title, "B", 0, c.align, false)
			x += c.width
		}
		f.SetLineWidth(0.2)
		f.SetXY(marginX, y+headerH)
	}
	p.space(headerH + cellH + 2*pad)
	drawHeader()
	p.font("", 8.5)
	for n, row := range rows {
		p.font("", 8.5)
		cells := make([]string, len(cols))
		maxLines := 1
		for i, c := range cols {
			cells[i] = row[i]
			if k := p.lines(cells[i], c.width); k > maxLines {
				maxLines = k
			}
		}
		h := float64(maxLines)*cellH + 2*pad
		if h > pageH-marginT-marginB-headerH-5 {
			p.tallRow(cols, row)
			continue
		}
		if f.GetY()+h > pageH-marginB {
			f.AddPage()
			drawHeader()
			p.font("", 8.5)
		}
		y := f.GetY()
		if n%2 == 1 {
			p.fillColor(colZebra)
			f.Rect(marginX, y, textW, h, "F")
		}
		p.color(colInk)
		x := marginX
		for i, c := range cols {
			f.SetXY(x, y+pad)
			p.multiCell(c.width, cellH, cells[i], "", c.align, false)
			x += c.width
		}
		f.SetXY(marginX, y+h)
	}
	f.Ln(2)
}

// tallRow writes a row that cannot fit on one page as labelled paragraphs.
func (p *pdfWriter) tallRow(cols []column, row []string) {
	p.f.Ln(1)
	for i, c := range cols {
		if row[i] != "" {
			p.labelled(c.title, row[i])
		}
	}
}

func (p *pdfWriter) journey() {
	r := p.r
	j := r.Journey
	p.section(secJourney, sectionRoom)
	start := "No start date set"
	if j.Start != nil {
		start = r.day(*j.Start)
	}
	rows := [][]string{
		{"Started", start},
		{"Current stage", r.stageLine()},
	}
	if j.Pause != nil {
		rows = append(rows, []string{"Pause", r.pauseLine()})
	}
	for _, rt := range j.Rituals {
		v := rt.When
		if rt.Minutes > 0 {
			v += fmt.Sprintf(", %d minutes", rt.Minutes)
		}
		rows = append(rows, []string{ritualName(rt.Kind), v})
	}
	p.keyValues(rows)
	p.stageLadder()
}

// keyValues writes two-column "key  value" lines.
func (p *pdfWriter) keyValues(rows [][]string) {
	f := p.f
	for _, kv := range rows {
		p.space(lineH + 1)
		p.font("B", 10)
		p.color(colMuted)
		y := f.GetY()
		p.cell(40, lineH+1, kv[0], "", 0, "L", false)
		p.font("", 10)
		p.color(colInk)
		f.SetXY(marginX+40, y)
		p.multiCell(textW-40, lineH+1, kv[1], "", "L", false)
	}
}

// stageLadder draws the seven stages with the current one marked.
func (p *pdfWriter) stageLadder() {
	f := p.f
	p.f.Ln(4)
	p.space(7 * 6)
	for i, s := range stages {
		y := f.GetY()
		cur := i+1 == p.r.Journey.Stage
		p.drawColor(colGold)
		if cur || i+1 < p.r.Journey.Stage {
			p.fillColor(colGold)
			f.Circle(marginX+3, y+3, 1.6, "FD")
		} else {
			f.Circle(marginX+3, y+3, 1.6, "D")
		}
		f.SetXY(marginX+8, y)
		if cur {
			p.font("B", 10)
			p.cell(0, 6, fmt.Sprintf("%d. %s  (where we are now)", i+1, s), "", 1, "L", false)
		} else {
			p.font("", 10)
			p.cell(0, 6, fmt.Sprintf("%d. %s", i+1, s), "", 1, "L", false)
		}
	}
}

func (p *pdfWriter) commitments() {
	r := p.r
	p.section(secCommitments, sectionRoom)
	p.text(r.trustLine())
	if len(r.Trust) > 1 {
		p.f.Ln(2)
		p.trustChart()
	}
	if len(r.Commitments) == 0 {
		p.f.Ln(2)
		p.empty()
		return
	}
	for _, c := range r.Commitments {
		p.sub(c.Text, 10)
		p.meta(r.commitmentLine(c))
		p.font("", 9.5)
		for _, m := range months(c.Log) {
			p.space(lineH)
			p.f.SetX(marginX + 3)
			p.multiCell(textW-3, 4.6, m.String(), "", "L", false)
		}
	}
}

func (p *pdfWriter) needs() {
	r := p.r
	p.section(secNeeds, sectionRoom)
	if len(r.Needs) == 0 {
		p.empty()
		return
	}
	rows := make([][]string, len(r.Needs))
	for i, n := range r.Needs {
		resp := n.Response
		if resp != "" && n.RespondedBy != "" {
			resp = r.name(n.RespondedBy) + ": " + resp
		}
		rows[i] = []string{r.name(n.Owner), n.Text, n.Status, resp, r.day(n.Created)}
	}
	p.table([]column{{"Whose", 24, "L"}, {"Need", 56, "L"}, {"Status", 20, "L"}, {"Response", 46, "L"}, {"Since", 24, "L"}}, rows)
}

func (p *pdfWriter) boundaries() {
	r := p.r
	p.section(secBoundaries, sectionRoom)
	if len(r.Boundaries) == 0 {
		p.empty()
		return
	}
	for _, b := range r.Boundaries {
		p.sub(b.Text, 12)
		p.meta(r.boundaryLine(b))
		if b.Consequence != "" {
			p.labelled("Agreed consequence", b.Consequence)
		}
		if len(b.History) > 0 {
			rows := make([][]string, len(b.History))
			for i, v := range b.History {
				what := v.What
				if v.Text != "" {
					what += "\nText: " + v.Text
				}
				if v.Consequence != "" {
					what += "\nConsequence: " + v.Consequence
				}
				rows[i] = []string{r.shortWhen(v.At), r.name(v.By), what}
			}
			p.f.Ln(1)
			p.table([]column{{"When", 36, "L"}, {"Who", 26, "L"}, {"What changed", 108, "L"}}, rows)
		}
	}
}

func (p *pdfWriter) checkIns() {
	r := p.r
	p.section(secCheckIns, 3*chartH)
	if len(r.CheckIns) == 0 {
		p.empty()
		return
	}
	p.meta("Scores are 0 to 10. The charts show each partner's weekly average " +
		"(each check-in when the period is short).")
	p.f.Ln(2)
	for _, m := range []struct {
		name string
		get  func(float64, float64, float64) float64
	}{
		{"Safety", func(s, _, _ float64) float64 { return s }},
		{"Trust", func(_, t, _ float64) float64 { return t }},
		{"Connection", func(_, _, c float64) float64 { return c }},
	} {
		p.scoreChart(m.name, m.get)
		p.f.Ln(3)
	}
	p.sub("Every check-in", 20)
	rows := make([][]string, len(r.CheckIns))
	for i, c := range r.CheckIns {
		rows[i] = []string{r.shortWhen(c.At), r.name(c.Partner),
			strconv.Itoa(c.Safety), strconv.Itoa(c.Trust), strconv.Itoa(c.Connection),
			strings.Join(c.Feelings, ", "), c.Note}
	}
	p.table([]column{{"When", 36, "L"}, {"Partner", 18, "L"}, {"Safety", 12, "R"}, {"Trust", 11, "R"},
		{"Conn.", 11, "R"}, {"Feelings", 30, "L"}, {"Note", 52, "L"}}, rows)
}

func (p *pdfWriter) interactions() {
	r := p.r
	p.section(secInteractions, sectionRoom)
	if len(r.Interactions) == 0 {
		p.empty()
		return
	}
	noticed := 0
	for _, i := range r.Interactions {
		if i.Noticed {
			noticed++
		}
	}
	p.meta(fmt.Sprintf("%d in this period, %d of them noticed by the other partner.", len(r.Interactions), noticed))
	p.f.Ln(1)
	rows := make([][]string, len(r.Interactions))
	for n, i := range r.Interactions {
		rows[n] = []string{r.shortWhen(i.At), r.name(i.By), i.Kind, i.Text, yesNo(i.Noticed)}
	}
	p.table([]column{{"When", 36, "L"}, {"By", 20, "L"}, {"Kind", 24, "L"}, {"What", 74, "L"}, {"Noticed", 16, "L"}}, rows)
}

func (p *pdfWriter) repairs() {
	r := p.r
	p.section(secRepairs, sectionRoom)
	if len(r.Repairs) == 0 {
		p.empty()
		return
	}
	for _, x := range r.Repairs {
		p.sub("Conversation of "+r.when(x.At), 14)
		line := "Started by " + r.name(x.StartedBy)
		if x.Finished != nil {
			line += "; finished " + r.when(*x.Finished)
		}
		p.meta(line + ".")
		p.f.Ln(1)
		for _, rd := range x.Rounds {
			p.labelled(fmt.Sprintf("Round %d. %s: %s", rd.Round, roundName(rd), r.roundWho(rd)), rd.Text)
		}
	}
}

func (p *pdfWriter) apologies() {
	r := p.r
	p.section(secApologies, sectionRoom)
	if len(r.Apologies) == 0 {
		p.empty()
		return
	}
	for _, a := range r.Apologies {
		p.sub("From "+r.name(a.By)+", "+r.when(a.At), 14)
		p.labelled("What happened", a.WhatHappened)
		p.labelled("The hurt it caused", a.Hurt)
		p.labelled("Remorse", a.Remorse)
		p.labelled("The plan to prevent it", a.Plan)
		if len(a.Flags) > 0 {
			p.meta("Phrases the builder gently flagged: " + strings.Join(a.Flags, "; "))
		}
		if ans := a.answer(r.name); ans != "" {
			p.meta(ans)
		}
	}
}

func (p *pdfWriter) questions() {
	r := p.r
	p.section(secQuestions, sectionRoom)
	if len(r.Questions) == 0 {
		p.empty()
		return
	}
	for _, q := range r.Questions {
		p.sub(r.name(q.AskedBy)+" asked, "+r.when(q.At), 14)
		if q.Reflection != "" {
			p.labelled("Before asking", q.Reflection)
		}
		p.labelled("Question", q.Text)
		switch {
		case q.Answer == "":
			p.meta("Not answered yet.")
		case q.AnsweredAt != nil:
			p.labelled("Answer ("+r.when(*q.AnsweredAt)+")", q.Answer)
		default:
			p.labelled("Answer", q.Answer)
		}
	}
}

func (p *pdfWriter) milestones() {
	r := p.r
	p.section(secMilestones, sectionRoom)
	p.meta("Guidelines, not deadlines.")
	p.f.Ln(1)
	if len(r.Milestones) == 0 {
		p.empty()
		return
	}
	rows := make([][]string, len(r.Milestones))
	for i, m := range r.Milestones {
		rows[i] = []string{m.when(), m.Text, r.milestoneTicks(m)}
	}
	p.table([]column{{"Around", 42, "L"}, {"Milestone", 84, "L"}, {"Ticked by", 44, "L"}}, rows)
}

func (p *pdfWriter) help() {
	r := p.r
	f := p.f
	p.section(secHelp, sectionRoom)
	if len(r.Help.Signs) == 0 {
		p.empty()
		return
	}
	for _, s := range r.Help.Signs {
		p.space(lineH + 2)
		y := f.GetY()
		p.drawColor(colMuted)
		f.Rect(marginX+1, y+1.2, 3.2, 3.2, "D")
		txt := s.Text
		if len(s.TickedBy) > 0 {
			p.drawColor(colInk)
			f.SetLineWidth(0.5)
			f.Line(marginX+1.6, y+2.8, marginX+2.5, y+3.9)
			f.Line(marginX+2.5, y+3.9, marginX+4.0, y+1.6)
			f.SetLineWidth(0.2)
			txt += " (ticked by " + r.names(s.TickedBy) + ")"
		}
		f.SetXY(marginX+7, y)
		p.font("", 10)
		p.multiCell(textW-7, lineH+0.6, txt, "", "L", false)
	}
	if r.Help.AnyTicked {
		f.Ln(3)
		p.font("I", 10)
		p.multiCell(0, lineH, r.Help.Note, "", "L", false)
	}
}

func (p *pdfWriter) journal() {
	r := p.r
	if r.Journal == nil {
		return
	}
	p.section(secJournal, sectionRoom)
	p.meta("Private entries, included by their author.")
	if len(r.Journal.Entries) == 0 {
		p.empty()
		return
	}
	for _, e := range r.Journal.Entries {
		p.sub(r.when(e.At), 12)
		if e.Prompt != "" {
			p.font("I", 10)
			p.multiCell(0, lineH, e.Prompt, "", "L", false)
		}
		p.text(e.Text)
		p.meta(journalMeta(e))
	}
}
