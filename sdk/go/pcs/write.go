package pcs

import (
	"strconv"
	"strings"

	"github.com/fractal-lba/sdk-go/payload"
)

// Marshal writes the document as the Java SDK's PcsJsonWriter (and the
// Python agent) do: compact JSON with the members in the order pcs_id,
// schema, version, shard_id, epoch, attempt, sent_at, seed, scales, N_j,
// coh_star, v_star, D_hat, r, regime, budget, merkle_root, sig, ft, usage
// (absent optional members left out), N_j in scales order followed by any
// keys that name no scale, numbers as Python's repr, strings as
// json.dumps, integers in plain base 10. Unknown members of a parsed
// document are not kept. It panics on a non-finite number (Parse never
// yields one).
func Marshal(d *Document) []byte {
	var o strings.Builder
	o.Grow(768)
	o.WriteByte('{')
	field(&o, "pcs_id", d.PcsID)
	o.WriteByte(',')
	field(&o, "schema", d.Schema)
	o.WriteByte(',')
	field(&o, "version", d.Version)
	o.WriteByte(',')
	field(&o, "shard_id", d.ShardID)
	o.WriteString(`,"epoch":`)
	o.WriteString(strconv.FormatInt(d.Epoch, 10))
	if d.Attempt != nil {
		o.WriteString(`,"attempt":`)
		o.WriteString(strconv.FormatInt(*d.Attempt, 10))
	}
	if d.SentAt != nil {
		o.WriteByte(',')
		field(&o, "sent_at", *d.SentAt)
	}
	if d.Seed != nil {
		o.WriteString(`,"seed":`)
		o.WriteString(strconv.FormatInt(*d.Seed, 10))
	}
	o.WriteString(`,"scales":[`)
	for i, s := range d.Scales {
		if i > 0 {
			o.WriteByte(',')
		}
		o.WriteString(strconv.FormatInt(s, 10))
	}
	o.WriteString(`],"N_j":{`)
	writeNj(&o, d)
	o.WriteString(`},"coh_star":`)
	o.WriteString(payload.Repr(d.CohStar))
	if d.VStar != nil {
		o.WriteString(`,"v_star":[`)
		for i, x := range d.VStar {
			if i > 0 {
				o.WriteByte(',')
			}
			o.WriteString(payload.Repr(x))
		}
		o.WriteByte(']')
	}
	o.WriteString(`,"D_hat":`)
	o.WriteString(payload.Repr(d.DHat))
	o.WriteString(`,"r":`)
	o.WriteString(payload.Repr(d.R))
	o.WriteByte(',')
	field(&o, "regime", d.Regime)
	o.WriteString(`,"budget":`)
	o.WriteString(payload.Repr(d.Budget))
	o.WriteByte(',')
	field(&o, "merkle_root", d.MerkleRoot)
	if d.Sig != nil {
		o.WriteByte(',')
		field(&o, "sig", *d.Sig)
	}
	if d.FT != nil {
		o.WriteByte(',')
		writeFT(&o, d.FT)
	}
	if d.Usage != nil {
		o.WriteByte(',')
		writeUsage(&o, d.Usage)
	}
	o.WriteByte('}')
	return []byte(o.String())
}

// writeNj writes N_j in scales order, then the keys that name no scale in
// document order. A scale listed twice is written once: the Java writer
// writes its key twice, a document no strict parser (its own included)
// accepts.
func writeNj(o *strings.Builder, d *Document) {
	m := d.NjMap()
	inScales := make(map[int64]bool, len(d.Scales))
	first := true
	sep := func() {
		if !first {
			o.WriteByte(',')
		}
		first = false
	}
	for _, s := range d.Scales {
		if inScales[s] {
			continue
		}
		inScales[s] = true
		key := strconv.FormatInt(s, 10)
		if n, ok := m[key]; ok {
			sep()
			payload.AppendQuoted(o, key)
			o.WriteByte(':')
			o.WriteString(strconv.FormatInt(n, 10))
		}
	}
	for _, e := range d.Nj {
		// Java's test is Long.parseLong(key) ∈ scales, so "+8" or "08" for
		// scale 8 is dropped like "8" is written once; strconv.ParseInt
		// accepts the same ASCII forms.
		if v, err := strconv.ParseInt(e.Key, 10, 64); err == nil && inScales[v] {
			continue
		}
		sep()
		payload.AppendQuoted(o, e.Key)
		o.WriteByte(':')
		o.WriteString(strconv.FormatInt(e.N, 10))
	}
}

func writeFT(o *strings.Builder, ft *FaultTolerance) {
	o.WriteString(`"ft":{`)
	first := true
	sep := func() {
		if !first {
			o.WriteByte(',')
		}
		first = false
	}
	if ft.OutboxSeq != nil {
		sep()
		o.WriteString(`"outbox_seq":`)
		o.WriteString(strconv.FormatInt(*ft.OutboxSeq, 10))
	}
	if ft.Degraded != nil {
		sep()
		o.WriteString(`"degraded":`)
		o.WriteString(strconv.FormatBool(*ft.Degraded))
	}
	if ft.Fallbacks != nil {
		sep()
		o.WriteString(`"fallbacks":[`)
		for i, f := range ft.Fallbacks {
			if i > 0 {
				o.WriteByte(',')
			}
			payload.AppendQuoted(o, f)
		}
		o.WriteByte(']')
	}
	if ft.ClockSkewMs != nil {
		sep()
		o.WriteString(`"clock_skew_ms":`)
		o.WriteString(payload.Repr(*ft.ClockSkewMs))
	}
	o.WriteByte('}')
}

func writeUsage(o *strings.Builder, u *Usage) {
	o.WriteString(`"usage":{`)
	first := true
	sep := func() {
		if !first {
			o.WriteByte(',')
		}
		first = false
	}
	if u.Model != nil {
		sep()
		field(o, "model", *u.Model)
	}
	if u.Task != nil {
		sep()
		field(o, "task", *u.Task)
	}
	if u.InputTokens != nil {
		sep()
		o.WriteString(`"input_tokens":`)
		o.WriteString(strconv.FormatInt(*u.InputTokens, 10))
	}
	if u.OutputTokens != nil {
		sep()
		o.WriteString(`"output_tokens":`)
		o.WriteString(strconv.FormatInt(*u.OutputTokens, 10))
	}
	if u.ProviderCostUSD != nil {
		sep()
		o.WriteString(`"provider_cost_usd":`)
		o.WriteString(payload.Repr(*u.ProviderCostUSD))
	}
	o.WriteByte('}')
}

func field(o *strings.Builder, name, value string) {
	o.WriteByte('"')
	o.WriteString(name)
	o.WriteString(`":`)
	payload.AppendQuoted(o, value)
}
