// Package payload builds the byte-exact signature payload of a PCS
// (docs/contract.md §2) and holds the Python-compatible number and string
// formatting the whole SDK writes JSON with: Repr (Python repr(float)),
// Round9 (9-decimal half-up rounding of the shortest decimal) and
// AppendQuoted (json.dumps string escaping).
package payload

import (
	"strconv"
	"strings"
)

// Fields are the eight signed fields of a PCS, as given (before rounding).
type Fields struct {
	PcsID      string
	MerkleRoot string
	Epoch      int64
	ShardID    string
	DHat       float64
	CohStar    float64
	R          float64
	Budget     float64
}

// Text is the payload: keys in code-point order (D_hat, budget, coh_star,
// epoch, merkle_root, pcs_id, r, shard_id), compact separators, numbers
// rounded by Round9 and written by Repr, strings escaped by AppendQuoted. It
// is ASCII. It panics on non-finite numbers (a parsed PCS never has them).
func Text(f Fields) string {
	var b strings.Builder
	b.Grow(256)
	b.WriteString(`{"D_hat":`)
	b.WriteString(Repr(Round9(f.DHat)))
	b.WriteString(`,"budget":`)
	b.WriteString(Repr(Round9(f.Budget)))
	b.WriteString(`,"coh_star":`)
	b.WriteString(Repr(Round9(f.CohStar)))
	b.WriteString(`,"epoch":`)
	b.WriteString(strconv.FormatInt(f.Epoch, 10))
	b.WriteString(`,"merkle_root":`)
	AppendQuoted(&b, f.MerkleRoot)
	b.WriteString(`,"pcs_id":`)
	AppendQuoted(&b, f.PcsID)
	b.WriteString(`,"r":`)
	b.WriteString(Repr(Round9(f.R)))
	b.WriteString(`,"shard_id":`)
	AppendQuoted(&b, f.ShardID)
	b.WriteByte('}')
	return b.String()
}

// Bytes is the UTF-8 (here: ASCII) encoding of Text: what is signed.
func Bytes(f Fields) []byte {
	return []byte(Text(f))
}
