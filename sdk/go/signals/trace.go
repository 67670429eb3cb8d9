// Package signals computes the signals of a PCS from an agent's trace
// exactly as docs/contract.md §7 fixes them, so that every SDK builds the
// same bytes: the strict CSV reading and raw bytes, box counts N_j, coh★ and
// v★ from the sha256-ctr-v1 direction generator, the compressibility r (with
// the reference zlib port in zlibref), the Merkle root, the D̂ estimator and
// the regime and budget formulas of §4.
//
// Floating point: every product is wrapped in an explicit float64(...)
// conversion. The Go specification lets a compiler fuse x*y + z into one
// fused multiply-add (it does so on arm64, ppc64 and s390x, not on amd64);
// an explicit conversion rounds the product and forbids the fusion, which
// the contract requires (each operation rounded on its own).
package signals

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Trace is a parsed CSV trace: the points (x, y, z) and the raw bytes that
// are hashed (Merkle root) and compressed (r).
type Trace struct {
	Points [][3]float64
	Raw    []byte
}

// TraceError is a malformed trace: Line is 1-based (the header is line 1),
// Column the 1-based field (0 when the whole line is wrong).
type TraceError struct {
	Line, Column int
	Msg          string
}

func (e *TraceError) Error() string {
	switch {
	case e.Line == 0:
		return e.Msg
	case e.Column == 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// number is the only number syntax every SDK reads the same way: no hex, no
// "NaN" or "Infinity", no "1_0", no "+1".
var number = regexp.MustCompile(`^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

// ParseTrace reads a trace by the rules of §7: split on '\n', skip the
// header line, strip ASCII space, tab and '\r' from each line and skip it
// when empty, require exactly 4 comma-separated fields (each stripped the
// same way) that are plain decimal numbers within the range of a double.
// The raw bytes are one row per data line, "{t},{x},{y},{z}", with t the
// timestamp's exact binary value rounded half-even to 9 decimals in plain
// notation and x, y, z the field texts as written, joined by '\n'.
func ParseTrace(csv []byte) (*Trace, error) {
	if !utf8.Valid(csv) {
		return nil, &TraceError{Msg: fmt.Sprintf("the trace is not UTF-8 text (invalid byte at offset %d)", invalidAt(csv))}
	}
	lines := strings.Split(string(csv), "\n")
	t := &Trace{}
	var raw strings.Builder
	for i := 1; i < len(lines); i++ {
		lineNo := i + 1
		line := strip(lines[i])
		if line == "" {
			continue
		}
		fields := strings.Split(line, ",")
		if len(fields) != 4 {
			return nil, &TraceError{Line: lineNo, Msg: fmt.Sprintf("expected 4 fields timestamp,x,y,z, found %d", len(fields))}
		}
		var text [4]string
		var value [4]float64
		for c := range fields {
			text[c] = strip(fields[c])
			v, err := parseNumber(text[c], lineNo, c+1)
			if err != nil {
				return nil, err
			}
			value[c] = v
		}
		t.Points = append(t.Points, [3]float64{value[1], value[2], value[3]})
		if raw.Len() > 0 {
			raw.WriteByte('\n')
		}
		raw.WriteString(Timestamp9(value[0]))
		for c := 1; c < 4; c++ {
			raw.WriteByte(',')
			raw.WriteString(text[c])
		}
	}
	if len(t.Points) == 0 {
		return nil, &TraceError{Msg: "the trace has no data rows (a header row, then timestamp,x,y,z rows)"}
	}
	t.Raw = []byte(raw.String())
	return t, nil
}

func parseNumber(s string, line, column int) (float64, error) {
	if !number.MatchString(s) {
		return 0, &TraceError{Line: line, Column: column, Msg: fmt.Sprintf("not a decimal number: %q", s)}
	}
	v, err := strconv.ParseFloat(s, 64) // correctly rounded, as Java's Double.parseDouble
	if err != nil {                     // only ErrRange is possible after the pattern: ±Inf
		return 0, &TraceError{Line: line, Column: column, Msg: fmt.Sprintf("number out of range: %q", s)}
	}
	return v, nil
}

// Timestamp9 writes t rounded half-even to 9 decimals from its exact binary
// value, in plain notation (Python f"{t:.9f}": 0.0009765625 gives
// 0.000976562). A negative value (-0.0 included) keeps its sign even when it
// rounds to zero, "-0.000000000", as Python writes it (docs/contract.md §7);
// strconv does the same.
func Timestamp9(t float64) string {
	return strconv.FormatFloat(t, 'f', 9, 64) // exact decimal expansion, ties to even
}

// strip removes ASCII spaces, tabs and carriage returns (CRLF files) from
// both ends, nothing else.
func strip(s string) string {
	return strings.Trim(s, " \t\r")
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}
