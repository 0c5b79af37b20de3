package export

import (
	"strings"
	"unicode"
)

// The PDF uses fpdf's core fonts, which draw Windows-1252 (cp1252) bytes.
// toCP1252 turns UTF-8 text into that encoding: every character cp1252 has
// is kept as it is (accents, curly quotes, dashes, €, …); a few common ones
// it lacks become a close ASCII spelling (→ as "->", ł as "l"); invisible
// joiners and combining marks are dropped; anything else becomes "?".

// cp1252High maps the runes cp1252 places at 0x80–0x9F. 0xA0–0xFF are
// Latin-1 and map to themselves.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// latinExtA spells U+0100–U+017F (Latin Extended-A) without accents.
const latinExtA = "AaAaAaCcCcCcCcDd" + "DdEeEeEeEeEeGgGg" + "GgGgHhHhIiIiIiIi" +
	"IiIiJjKkkLlLlLlL" + "lLlNnNnNnnNnOoOo" + "OoOoRrRrRrSsSsSs" +
	"SsTtTtTtUuUuUuUu" + "UuUuWwYyYZzZzZzs"

// spelled are close spellings of common characters cp1252 lacks.
var spelled = map[rune]string{
	'→': "->", '←': "<-", '↔': "<->", '⇒': "=>", '≤': "<=", '≥': ">=", '≠': "!=",
	'−': "-", '‐': "-", '‑': "-", '‒': "-", '―': "-", '′': "'", '″': "\"",
	'✓': "v", '✔': "v", '✗': "x", '✘': "x", '★': "*", '☆': "*", '♥': "<3", '❤': "<3",
	'\u2028': "\n", '\u2029': "\n", '\u00a0': " ", '\u202f': " ",
	'\u2009': " ", '\u2002': " ", '\u2003': " ",
	'ș': "s", 'Ș': "S", 'ț': "t", 'Ț': "T", 'ə': "e", 'Ə': "E",
}

// toCP1252 converts s as described above.
func toCP1252(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString("    ")
		case r < 0x20 || r == 0x7F:
			// control characters draw nothing useful
		case r < 0x80:
			b.WriteByte(byte(r))
		case r >= 0xA0 && r <= 0xFF && r != 0xA0:
			b.WriteByte(byte(r))
		default:
			if c, ok := cp1252High[r]; ok {
				b.WriteByte(c)
			} else if sp, ok := spelled[r]; ok {
				b.WriteString(sp)
			} else if r >= 0x100 && r <= 0x17F {
				b.WriteByte(latinExtA[r-0x100])
			} else if invisible(r) {
				// zero-width joiners, variation selectors, combining marks
			} else {
				b.WriteByte('?')
			}
		}
	}
	return b.String()
}

// invisible reports runes that take no room on their own.
func invisible(r rune) bool {
	return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) ||
		unicode.Is(unicode.Cf, r) || (r >= 0xFE00 && r <= 0xFE0F) ||
		(r >= 0xE0100 && r <= 0xE01EF) || (r >= 0x80 && r < 0xA0)
}
