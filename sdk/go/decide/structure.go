package decide

import (
	"regexp"
	"strconv"
	"time"

	"github.com/fractal-lba/sdk-go/pcs"
	"github.com/fractal-lba/sdk-go/signals"
)

var (
	pcsIDPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
	hexPattern   = regexp.MustCompile(`^[0-9a-fA-F]+$`)
	// ISO_OFFSET_DATE_TIME as the verifier reads sent_at: seconds and the
	// fraction optional, offset Z or ±HH:MM[:SS].
	rfc3339 = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2})(?::(\d{2}))?)$`)
)

// firstViolation is step 1: the §1 value rules on a well-typed document, in
// the verifier's order; "" when the structure is valid.
func firstViolation(d *pcs.Document, p signals.Policy) string {
	switch {
	case d.Schema != pcs.Schema:
		return "schema must be '" + pcs.Schema + "'"
	case d.Version == "":
		return "version must not be empty"
	case d.ShardID == "":
		return "shard_id must not be empty"
	case d.Epoch < 0:
		return "epoch negative"
	case d.Attempt != nil && *d.Attempt < 1:
		return "attempt must be at least 1"
	case d.SentAt != nil && !isRFC3339(*d.SentAt):
		return "sent_at is not an RFC 3339 timestamp"
	}
	for _, s := range d.Scales {
		if s < p.MinScale || s > p.MaxScale {
			return "scale " + strconv.FormatInt(s, 10) + " outside " + strconv.FormatInt(p.MinScale, 10) + ".." +
				strconv.FormatInt(p.MaxScale, 10)
		}
	}
	switch {
	case d.Regime != signals.Sticky && d.Regime != signals.Mixed && d.Regime != signals.NonSticky:
		return "regime must be sticky, mixed or non_sticky"
	case !hexPattern.MatchString(d.MerkleRoot):
		return "merkle_root must be hex"
	case !pcsIDPattern.MatchString(d.PcsID):
		return "pcs_id must be 64 lowercase hex digits"
	case d.PcsID != pcs.ComputeID(d.MerkleRoot, d.Epoch, d.ShardID):
		return "pcs_id mismatch"
	}
	return ""
}

func isRFC3339(s string) bool {
	m := rfc3339.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	n := func(i int) int {
		v, _ := strconv.Atoi(m[i])
		return v
	}
	year, month, day := n(1), n(2), n(3)
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	// Day 0 of the next month is the last day of this one.
	if day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return false
	}
	if n(4) > 23 || n(5) > 59 || (m[6] != "" && n(6) > 59) {
		return false
	}
	if m[8] != "Z" && (n(9) > 18 || n(10) > 59 || (m[11] != "" && n(11) > 59) || (n(9) == 18 && (n(10) > 0 || n(11) > 0))) {
		return false
	}
	return true
}
