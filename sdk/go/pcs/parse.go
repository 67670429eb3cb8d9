package pcs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of the verifier's parser.
const (
	DefaultMaxBytes = 64 * 1024
	MaxDepth        = 32
	maxNumberLength = 400
)

// Parse problems, named as the verifier's problem types.
const (
	TooLarge         = "body-too-large"
	MalformedJSON    = "malformed-json"
	NotAnObject      = "not-an-object"
	DuplicateKey     = "duplicate-key"
	WrongType        = "wrong-type"
	MissingField     = "missing-field"
	NumberOutOfRange = "number-out-of-range"
	TooDeep          = "too-deeply-nested"
)

// ParseError is why a body is not a well-typed PCS (the verifier's 400).
// Field is empty when the problem is not about one member.
type ParseError struct {
	Problem string
	Field   string
	Msg     string
}

func (e *ParseError) Error() string { return e.Msg }

var required = []string{"pcs_id", "schema", "version", "shard_id", "epoch", "scales",
	"N_j", "coh_star", "D_hat", "r", "regime", "budget", "merkle_root"}

// Parse reads a PCS with the verifier's rules and the default 64 KiB limit.
func Parse(body []byte) (*Document, error) {
	return ParseLimit(body, DefaultMaxBytes)
}

// ParseLimit is Parse with another size limit. encoding/json's Unmarshal is
// not used: it keeps the last of duplicate keys silently and turns invalid
// UTF-8 into U+FFFD. The body is read token by token instead (json.Decoder,
// which still checks the syntax and refuses NaN and Infinity), every object
// at every depth is checked for duplicate keys, every member for its JSON
// type, and an integer must be written as one (1.0 and 1e0 are not).
func ParseLimit(body []byte, maxBytes int) (*Document, error) {
	if len(body) == 0 {
		return nil, &ParseError{Problem: MalformedJSON, Msg: "empty body"}
	}
	if len(body) > maxBytes {
		return nil, &ParseError{Problem: TooLarge,
			Msg: fmt.Sprintf("body of %d bytes exceeds the limit of %d bytes", len(body), maxBytes)}
	}
	if !utf8.Valid(body) {
		return nil, &ParseError{Problem: MalformedJSON, Msg: "body is not valid UTF-8"}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	p := &parser{dec: dec}
	doc, err := p.document()
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return nil, pe
		}
		return nil, p.syntax(err)
	}
	return doc, nil
}

type parser struct {
	dec   *json.Decoder
	depth int
}

func (p *parser) syntax(err error) *ParseError {
	msg := err.Error()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "unexpected end of JSON input"
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		msg = fmt.Sprintf("%s (at byte %d)", se.Error(), se.Offset)
		if strings.Contains(se.Error(), "invalid character 'N'") || strings.Contains(se.Error(), "invalid character 'I'") {
			msg += "; NaN and Infinity are not JSON numbers"
		}
	}
	return &ParseError{Problem: MalformedJSON, Msg: "malformed JSON: " + msg}
}

func (p *parser) next() (json.Token, error) {
	t, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := t.(json.Delim); ok && (d == '{' || d == '[') {
		p.depth++
		if p.depth > MaxDepth {
			return nil, &ParseError{Problem: TooDeep, Msg: fmt.Sprintf("JSON nested deeper than %d levels", MaxDepth)}
		}
	} else if ok {
		p.depth--
	}
	if n, ok := t.(json.Number); ok && len(n) > maxNumberLength {
		return nil, &ParseError{Problem: MalformedJSON,
			Msg: fmt.Sprintf("number of %d characters exceeds the maximum of %d", len(n), maxNumberLength)}
	}
	return t, nil
}

func (p *parser) document() (*Document, error) {
	t, err := p.next()
	if err != nil {
		return nil, err
	}
	if t != json.Delim('{') {
		return nil, &ParseError{Problem: NotAnObject, Msg: "the body must be a JSON object"}
	}
	d := &Document{}
	seen := map[string]bool{}
	err = p.members(func(name string, v json.Token) error {
		if seen[name] {
			return dup(name, name)
		}
		seen[name] = true
		return p.member(d, name, v)
	})
	if err != nil {
		return nil, err
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, &ParseError{Problem: MalformedJSON, Msg: "content after the JSON object"}
	}
	for _, f := range required {
		if !seen[f] {
			return nil, &ParseError{Problem: MissingField, Field: f, Msg: fmt.Sprintf("required field '%s' is missing", f)}
		}
	}
	return d, nil
}

// members walks an object whose '{' was read, calling f with each key and
// the first token of its value; f must consume the whole value.
func (p *parser) members(f func(name string, v json.Token) error) error {
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		if t == json.Delim('}') {
			return nil
		}
		name, ok := t.(string)
		if !ok { // the decoder allows only strings here; guard anyway
			return &ParseError{Problem: MalformedJSON, Msg: "malformed JSON: object key is not a string"}
		}
		v, err := p.next()
		if err != nil {
			return err
		}
		if err := f(name, v); err != nil {
			return err
		}
	}
}

// elements walks an array whose '[' was read.
func (p *parser) elements(f func(i int, v json.Token) error) error {
	for i := 0; ; i++ {
		t, err := p.next()
		if err != nil {
			return err
		}
		if t == json.Delim(']') {
			return nil
		}
		if err := f(i, t); err != nil {
			return err
		}
	}
}

// skip consumes a value of an unknown member, still refusing duplicate keys.
func (p *parser) skip(field string, v json.Token) error {
	switch v {
	case json.Delim('{'):
		seen := map[string]bool{}
		return p.members(func(name string, w json.Token) error {
			if seen[name] {
				return dup(field+"."+name, name)
			}
			seen[name] = true
			return p.skip(field+"."+name, w)
		})
	case json.Delim('['):
		return p.elements(func(i int, w json.Token) error { return p.skip(field, w) })
	}
	return nil
}

func (p *parser) member(d *Document, name string, v json.Token) error {
	var err error
	switch name {
	case "pcs_id":
		d.PcsID, err = str(name, v)
	case "schema":
		d.Schema, err = str(name, v)
	case "version":
		d.Version, err = str(name, v)
	case "shard_id":
		d.ShardID, err = str(name, v)
	case "epoch":
		d.Epoch, err = integer(name, v)
	case "attempt":
		d.Attempt, err = optInteger(name, v)
	case "sent_at":
		if v != nil {
			var s string
			s, err = str(name, v)
			d.SentAt = &s
		}
	case "seed":
		d.Seed, err = optInteger(name, v)
	case "scales":
		d.Scales, err = p.integers(name, v)
	case "N_j":
		d.Nj, err = p.counts(name, v)
	case "coh_star":
		d.CohStar, err = number(name, v)
	case "v_star":
		if v != nil {
			d.VStar, err = p.numbers(name, v)
		}
	case "D_hat":
		d.DHat, err = number(name, v)
	case "r":
		d.R, err = number(name, v)
	case "regime":
		d.Regime, err = str(name, v)
	case "budget":
		d.Budget, err = number(name, v)
	case "merkle_root":
		d.MerkleRoot, err = str(name, v)
	case "sig":
		if v != nil {
			var s string
			s, err = str(name, v)
			d.Sig = &s
		}
	case "ft":
		if v != nil {
			d.FT, err = p.faultTolerance(name, v)
		}
	case "usage":
		if v != nil {
			d.Usage, err = p.usage(name, v)
		}
	default:
		err = p.skip(name, v) // unknown members are ignored (the raw body keeps them)
	}
	return err
}

func (p *parser) integers(field string, v json.Token) ([]int64, error) {
	if v != json.Delim('[') {
		return nil, wrongType(field, "an array of integers", v)
	}
	out := []int64{}
	err := p.elements(func(i int, w json.Token) error {
		n, err := integer(fmt.Sprintf("%s[%d]", field, i), w)
		out = append(out, n)
		return err
	})
	return out, err
}

func (p *parser) numbers(field string, v json.Token) ([]float64, error) {
	if v != json.Delim('[') {
		return nil, wrongType(field, "an array of numbers", v)
	}
	out := []float64{}
	err := p.elements(func(i int, w json.Token) error {
		x, err := number(fmt.Sprintf("%s[%d]", field, i), w)
		out = append(out, x)
		return err
	})
	return out, err
}

func (p *parser) counts(field string, v json.Token) ([]NjEntry, error) {
	if v != json.Delim('{') {
		return nil, wrongType(field, "an object of integer counts", v)
	}
	out := []NjEntry{}
	seen := map[string]bool{}
	err := p.members(func(key string, w json.Token) error {
		if seen[key] {
			return &ParseError{Problem: DuplicateKey, Field: field + "." + key,
				Msg: fmt.Sprintf("duplicate key '%s' in %s", key, field)}
		}
		seen[key] = true
		n, err := integer(field+"."+key, w)
		out = append(out, NjEntry{Key: key, N: n})
		return err
	})
	return out, err
}

func (p *parser) faultTolerance(field string, v json.Token) (*FaultTolerance, error) {
	if v != json.Delim('{') {
		return nil, wrongType(field, "an object", v)
	}
	ft := &FaultTolerance{}
	seen := map[string]bool{}
	err := p.members(func(key string, w json.Token) error {
		if seen[key] {
			return dup("ft."+key, key)
		}
		seen[key] = true
		if w == nil {
			return nil // a null member counts as absent
		}
		switch key {
		case "outbox_seq":
			n, err := integer("ft.outbox_seq", w)
			ft.OutboxSeq = &n
			return err
		case "degraded":
			b, ok := w.(bool)
			if !ok {
				return wrongType("ft.degraded", "a boolean", w)
			}
			ft.Degraded = &b
		case "fallbacks":
			if w != json.Delim('[') {
				return wrongType("ft.fallbacks", "an array of strings", w)
			}
			ft.Fallbacks = []string{}
			return p.elements(func(i int, x json.Token) error {
				s, err := str(fmt.Sprintf("ft.fallbacks[%d]", i), x)
				ft.Fallbacks = append(ft.Fallbacks, s)
				return err
			})
		case "clock_skew_ms":
			x, err := number("ft.clock_skew_ms", w)
			ft.ClockSkewMs = &x
			return err
		default:
			return p.skip("ft."+key, w)
		}
		return nil
	})
	return ft, err
}

func (p *parser) usage(field string, v json.Token) (*Usage, error) {
	if v != json.Delim('{') {
		return nil, wrongType(field, "an object", v)
	}
	u := &Usage{}
	seen := map[string]bool{}
	nonNegative := func(name string, w json.Token) (*int64, error) {
		n, err := integer(name, w)
		if err == nil && n < 0 {
			err = &ParseError{Problem: WrongType, Field: name, Msg: fmt.Sprintf("field '%s' must be an integer ≥ 0, got %d", name, n)}
		}
		return &n, err
	}
	err := p.members(func(key string, w json.Token) error {
		if seen[key] {
			return dup("usage."+key, key)
		}
		seen[key] = true
		if w == nil {
			return nil
		}
		var err error
		switch key {
		case "model":
			var s string
			s, err = str("usage.model", w)
			u.Model = &s
		case "task":
			var s string
			s, err = str("usage.task", w)
			u.Task = &s
		case "input_tokens":
			u.InputTokens, err = nonNegative("usage.input_tokens", w)
		case "output_tokens":
			u.OutputTokens, err = nonNegative("usage.output_tokens", w)
		case "provider_cost_usd":
			var x float64
			x, err = number("usage.provider_cost_usd", w)
			if err == nil && x < 0 {
				err = &ParseError{Problem: WrongType, Field: "usage.provider_cost_usd",
					Msg: fmt.Sprintf("field 'usage.provider_cost_usd' must be a number ≥ 0, got %v", x)}
			}
			u.ProviderCostUSD = &x
		default:
			err = p.skip("usage."+key, w)
		}
		return err
	})
	return u, err
}

func dup(field, key string) error {
	return &ParseError{Problem: DuplicateKey, Field: field, Msg: fmt.Sprintf("duplicate key '%s'", key)}
}

func str(field string, v json.Token) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", wrongType(field, "a string", v)
	}
	return s, nil
}

// isInteger tells a JSON integer literal (-?(0|[1-9][0-9]*)) from a number
// with a fraction or exponent: 1.0 and 1e0 are not integers.
func isInteger(n json.Number) bool {
	return !strings.ContainsAny(string(n), ".eE")
}

func integer(field string, v json.Token) (int64, error) {
	n, ok := v.(json.Number)
	if !ok || !isInteger(n) {
		return 0, wrongType(field, "an integer", v)
	}
	x, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		return 0, &ParseError{Problem: NumberOutOfRange, Field: field,
			Msg: fmt.Sprintf("field '%s' does not fit in a signed 64-bit integer", field)}
	}
	return x, nil
}

func optInteger(field string, v json.Token) (*int64, error) {
	if v == nil {
		return nil, nil
	}
	x, err := integer(field, v)
	return &x, err
}

func number(field string, v json.Token) (float64, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, wrongType(field, "a number", v)
	}
	if isInteger(n) {
		// An integer literal is read as the verifier reads it: through its
		// integer value, so "-0" is 0.0, not -0.0.
		if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
			return float64(i), nil
		}
	}
	x, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(x, 0) {
		return 0, &ParseError{Problem: NumberOutOfRange, Field: field,
			Msg: fmt.Sprintf("field '%s' is outside the range of a double", field)}
	}
	return x, nil
}

func wrongType(field, expected string, v json.Token) error {
	return &ParseError{Problem: WrongType, Field: field,
		Msg: fmt.Sprintf("field '%s' must be %s, got %s", field, expected, describe(v))}
}

func describe(v json.Token) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case json.Delim:
		if t == '{' {
			return "an object"
		}
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		if isInteger(t) {
			return "an integer"
		}
		return "a non-integral number"
	}
	return fmt.Sprintf("%T", v)
}
