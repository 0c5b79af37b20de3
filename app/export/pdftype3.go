package export

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

// Shaped glyphs are drawn with Type 3 fonts: each holds up to 255 glyphs of
// one font, as the paths of their outlines, so only the glyphs an export
// uses are in it, whatever the font's format (TrueType, CFF, a collection).
// fpdf has no way to add fonts of its own making, so they are appended to
// fpdf's finished PDF as an incremental update (PDF 32000-1, 7.5.6): new
// objects, and a new version of the resource dictionary every page shares
// that names them.

// type3Font is one Type 3 font: up to 255 glyphs of one face, with codes
// 1 to 255 (0 is an empty "m", see objects).
type type3Font struct {
	face   *font.Face
	glyphs []font.GID
	text   [][]rune // by code: the characters its glyph was first drawn for
}

// type3Fonts assigns each glyph drawn a font and a code.
type type3Fonts struct {
	fonts []*type3Font
	codes map[type3Key][2]int // font index, code
	open  map[*font.Face]int  // the face's font with room left
	empty map[type3Key]bool   // glyphs with nothing to draw
	zw    *zlib.Writer
}

type type3Key struct {
	face *font.Face
	gid  font.GID
}

func type3Name(id int) string { return "KG" + strconv.Itoa(id+1) }

// code returns the font and code that draw glyph gid of face; ok is false
// for a glyph with no outline (a space), which needs no drawing.
//
// text is the characters the glyph stands for, if it is the first of its
// cluster; the font's ToUnicode map gives the first text a glyph was drawn
// for.
func (t *type3Fonts) code(face *font.Face, gid font.GID, text []rune) (id int, code byte, ok bool) {
	k := type3Key{face, gid}
	if c, ok := t.codes[k]; ok {
		if f := t.fonts[c[0]]; f.text[c[1]] == nil && text != nil {
			f.text[c[1]] = text
		}
		return c[0], byte(c[1] + 1), true
	}
	if t.empty[k] {
		return 0, 0, false
	}
	if len(outline(face, gid).Segments) == 0 {
		if t.empty == nil {
			t.empty = map[type3Key]bool{}
		}
		t.empty[k] = true
		return 0, 0, false
	}
	if t.codes == nil {
		t.codes = map[type3Key][2]int{}
		t.open = map[*font.Face]int{}
	}
	i, ok := t.open[face]
	if !ok || len(t.fonts[i].glyphs) == 255 {
		i = len(t.fonts)
		t.fonts = append(t.fonts, &type3Font{face: face})
		t.open[face] = i
	}
	f := t.fonts[i]
	f.glyphs = append(f.glyphs, gid)
	f.text = append(f.text, text)
	t.codes[k] = [2]int{i, len(f.glyphs) - 1}
	return i, byte(len(f.glyphs)), true
}

// outline is the glyph's outline, or none.
func outline(face *font.Face, gid font.GID) font.GlyphOutline {
	switch d := face.GlyphData(gid).(type) {
	case font.GlyphOutline:
		return d
	case font.GlyphBitmap:
		if d.Outline != nil {
			return *d.Outline
		}
	case font.GlyphSVG:
		return d.Outline
	}
	return font.GlyphOutline{}
}

func num(v float32) string {
	return strconv.FormatFloat(math.Round(float64(v)*10)/10, 'f', -1, 64)
}

// charProc is the content stream drawing a glyph, in font units, and its
// bounding box.
func charProc(face *font.Face, gid font.GID) (string, [4]float32) {
	o := outline(face, gid)
	bb := [4]float32{math.MaxFloat32, math.MaxFloat32, -math.MaxFloat32, -math.MaxFloat32}
	var path strings.Builder
	var cur ot.SegmentPoint
	pt := func(p ot.SegmentPoint) {
		bb[0], bb[1] = min(bb[0], p.X), min(bb[1], p.Y)
		bb[2], bb[3] = max(bb[2], p.X), max(bb[3], p.Y)
		path.WriteString(num(p.X) + " " + num(p.Y) + " ")
	}
	for i, s := range o.Segments {
		switch s.Op {
		case ot.SegmentOpMoveTo:
			if i > 0 {
				path.WriteString("h\n")
			}
			pt(s.Args[0])
			path.WriteString("m\n")
			cur = s.Args[0]
		case ot.SegmentOpLineTo:
			pt(s.Args[0])
			path.WriteString("l\n")
			cur = s.Args[0]
		case ot.SegmentOpQuadTo:
			q, e := s.Args[0], s.Args[1]
			pt(ot.SegmentPoint{X: cur.X + 2*(q.X-cur.X)/3, Y: cur.Y + 2*(q.Y-cur.Y)/3})
			pt(ot.SegmentPoint{X: e.X + 2*(q.X-e.X)/3, Y: e.Y + 2*(q.Y-e.Y)/3})
			pt(e)
			path.WriteString("c\n")
			cur = e
		case ot.SegmentOpCubeTo:
			pt(s.Args[0])
			pt(s.Args[1])
			pt(s.Args[2])
			path.WriteString("c\n")
			cur = s.Args[2]
		}
	}
	if len(o.Segments) == 0 {
		bb = [4]float32{}
	} else {
		path.WriteString("h f\n")
	}
	adv := face.HorizontalAdvance(gid)
	head := fmt.Sprintf("%s 0 %s %s %s %s d1\n", num(adv), num(bb[0]), num(bb[1]), num(bb[2]), num(bb[3]))
	return head + path.String(), bb
}

// stream is a compressed PDF stream object with extra dictionary entries.
// One compressor serves all of an export's streams: making one costs more
// than compressing a glyph.
func (t *type3Fonts) stream(data, dict string) string {
	var z bytes.Buffer
	if t.zw == nil {
		t.zw = zlib.NewWriter(&z)
	} else {
		t.zw.Reset(&z)
	}
	_, _ = t.zw.Write([]byte(data))
	_ = t.zw.Close()
	return fmt.Sprintf("<<%s /Filter /FlateDecode /Length %d>>\nstream\n%s\nendstream", dict, z.Len(), z.Bytes())
}

// toUnicode maps each code to the characters its glyph was first drawn
// for, so a reader that ignores ActualText still copies close to the
// right text.
func toUnicode(f *type3Font) string {
	var entries []string
	for code, text := range f.text {
		if len(text) > 0 {
			var hex strings.Builder
			for _, u := range utf16.Encode(text) {
				fmt.Fprintf(&hex, "%04X", u)
			}
			entries = append(entries, fmt.Sprintf("<%02X> <%s>", code+1, hex.String()))
		}
	}
	var b strings.Builder
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n")
	for len(entries) > 0 {
		n := min(len(entries), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n%s\nendbfchar\n", n, strings.Join(entries[:n], "\n"))
		entries = entries[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.String()
}

// objects returns the PDF objects of the fonts, numbered from first, and
// the resource entries that name them.
func (t *type3Fonts) objects(first int) (objs []string, names string) {
	n := first
	var res strings.Builder
	for id, f := range t.fonts {
		upem := float64(f.face.Upem())
		fontObj := n
		n++
		// Code 0 is an empty glyph named "m", 0.6 em wide: text extractors
		// (poppler's among them) guess a Type 3 font's size from its "m",
		// else from its first glyph, which may be a wide emoji.
		m := num(float32(0.6 * upem))
		rest := []string{t.stream(m+" 0 0 0 0 0 d1\n", "")}
		procs := []string{fmt.Sprintf("/m %d 0 R", n)}
		widths := []string{m}
		diffs := []string{"/m"}
		n++
		bbox := [4]float32{math.MaxFloat32, math.MaxFloat32, -math.MaxFloat32, -math.MaxFloat32}
		for i, g := range f.glyphs {
			cp, bb := charProc(f.face, g)
			bbox[0], bbox[1] = min(bbox[0], bb[0]), min(bbox[1], bb[1])
			bbox[2], bbox[3] = max(bbox[2], bb[2]), max(bbox[3], bb[3])
			rest = append(rest, t.stream(cp, ""))
			procs = append(procs, fmt.Sprintf("/g%d %d 0 R", i+1, n))
			widths = append(widths, num(f.face.HorizontalAdvance(g)))
			diffs = append(diffs, fmt.Sprintf("/g%d", i+1))
			n++
		}
		rest = append(rest, t.stream(toUnicode(f), ""))
		toUni := n
		n++
		s := strconv.FormatFloat(1/upem, 'g', 8, 64)
		dict := fmt.Sprintf("<</Type /Font /Subtype /Type3 /FontBBox [%s %s %s %s] /FontMatrix [%s 0 0 %s 0 0]"+
			" /CharProcs <<%s>> /Encoding <</Type /Encoding /Differences [0 %s]>>"+
			" /FirstChar 0 /LastChar %d /Widths [%s] /Resources <<>> /ToUnicode %d 0 R>>",
			num(bbox[0]), num(bbox[1]), num(bbox[2]), num(bbox[3]), s, s,
			strings.Join(procs, " "), strings.Join(diffs, ""), len(f.glyphs), strings.Join(widths, " "), toUni)
		objs = append(objs, dict)
		objs = append(objs, rest...)
		fmt.Fprintf(&res, "/%s %d 0 R\n", type3Name(id), fontObj)
	}
	return objs, res.String()
}

// errNotFpdf means fpdf's output was not laid out as expected: a bug.
var errNotFpdf = errors.New("unexpected PDF structure from fpdf")

var (
	reStartXref = regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n?$`)
	reTrailer   = regexp.MustCompile(`trailer\n<<\n/Size (\d+)\n/Root (\d+) 0 R\n/Info (\d+) 0 R\n`)
)

// appendFonts adds t's fonts to pdf, fpdf's output, as an incremental
// update that also redefines the shared resource dictionary (object 2).
func (t *type3Fonts) appendFonts(pdf []byte) ([]byte, error) {
	m := reStartXref.FindSubmatch(pdf)
	if m == nil {
		return nil, fmt.Errorf("%w: no startxref", errNotFpdf)
	}
	xref, _ := strconv.Atoi(string(m[1]))
	tm := reTrailer.FindAllSubmatch(pdf, -1)
	if len(tm) == 0 {
		return nil, fmt.Errorf("%w: no trailer", errNotFpdf)
	}
	last := tm[len(tm)-1]
	size, _ := strconv.Atoi(string(last[1]))
	// Object 2's offset is its entry in the xref table.
	head := []byte("xref\n0 " + string(last[1]) + "\n")
	if xref+len(head)+3*20 > len(pdf) || !bytes.Equal(pdf[xref:xref+len(head)], head) {
		return nil, fmt.Errorf("%w: xref table", errNotFpdf)
	}
	off2, err := strconv.Atoi(string(pdf[xref+len(head)+2*20 : xref+len(head)+2*20+10]))
	if err != nil || off2 >= len(pdf) {
		return nil, fmt.Errorf("%w: resource dictionary offset", errNotFpdf)
	}
	obj := pdf[off2:]
	end := bytes.Index(obj, []byte("\nendobj"))
	const fontKey = "/Font <<\n"
	if !bytes.HasPrefix(obj, []byte("2 0 obj\n")) || end < 0 || !bytes.Contains(obj[:end], []byte(fontKey)) {
		return nil, fmt.Errorf("%w: resource dictionary", errNotFpdf)
	}
	objs, names := t.objects(size)
	res := strings.Replace(string(obj[:end]), fontKey, fontKey+names, 1)

	out := bytes.NewBuffer(make([]byte, 0, len(pdf)+64*1024))
	out.Write(pdf)
	if !bytes.HasSuffix(pdf, []byte("\n")) {
		out.WriteByte('\n')
	}
	offsets := make([]int, 0, len(objs)+1)
	offsets = append(offsets, out.Len())
	out.WriteString(res + "\nendobj\n")
	for i, o := range objs {
		offsets = append(offsets, out.Len())
		fmt.Fprintf(out, "%d 0 obj\n%s\nendobj\n", size+i, o)
	}
	newXref := out.Len()
	fmt.Fprintf(out, "xref\n2 1\n%010d 00000 n \n%d %d\n", offsets[0], size, len(objs))
	for _, o := range offsets[1:] {
		fmt.Fprintf(out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(out, "trailer\n<<\n/Size %d\n/Root %s 0 R\n/Info %s 0 R\n/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n",
		size+len(objs), last[2], last[3], xref, newXref)
	return out.Bytes(), nil
}
