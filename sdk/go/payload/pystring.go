package payload

import (
	"strings"
	"unicode/utf16"
)

const hexDigits = "0123456789abcdef"

// AppendQuoted appends s as Python's json.dumps writes a string with its
// defaults (ensure_ascii=True): \" \\ \n \r \t \b \f, every other code point
// outside 0x20..0x7E as \uXXXX in lowercase hex, astral code points as a
// UTF-16 surrogate pair; '/', '<', '>' and '&' unescaped (unlike
// encoding/json, which escapes <, > and & and writes non-ASCII as is).
// Invalid UTF-8 bytes come out as \ufffd, as Go decodes them; callers that
// must be exact refuse such strings first (utf8.ValidString).
func AppendQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			switch {
			case r >= 0x20 && r <= 0x7e:
				b.WriteRune(r)
			case r > 0xffff:
				hi, lo := utf16.EncodeRune(r)
				writeU(b, hi)
				writeU(b, lo)
			default:
				writeU(b, r)
			}
		}
	}
	b.WriteByte('"')
}

func writeU(b *strings.Builder, r rune) {
	b.WriteString(`\u`)
	b.WriteByte(hexDigits[r>>12&0xf])
	b.WriteByte(hexDigits[r>>8&0xf])
	b.WriteByte(hexDigits[r>>4&0xf])
	b.WriteByte(hexDigits[r&0xf])
}

// Quote returns AppendQuoted of s as a string.
func Quote(s string) string {
	var b strings.Builder
	AppendQuoted(&b, s)
	return b.String()
}
