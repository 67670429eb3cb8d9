// Package pcs is the Proof-of-Computation Summary document (docs/contract.md
// §1): its Go type, a strict parser (duplicate keys at any depth, wrong
// types, non-integer integers, NaN/Infinity and oversized bodies refused
// with a clear error), the writer that emits the exact member order and
// number formatting of §7, pcs_id, and Build, which makes a signed PCS from
// a trace byte-identical with the Java SDK.
package pcs

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/fractal-lba/sdk-go/payload"
)

// Schema is the only schema name a PCS may carry.
const Schema = "fractal-lba-kakeya"

// Version is the document version the SDK writes.
const Version = "0.1"

// Document is a well-typed PCS. Well-typed is not valid: the value rules
// (schema, epoch ≥ 0, scale range, pcs_id recomputation) are the decision's
// (package decide). Optional members are nil when absent; VStar and
// FaultTolerance.Fallbacks are nil when absent and non-nil (maybe empty)
// when present.
type Document struct {
	PcsID      string
	Schema     string
	Version    string
	ShardID    string
	Epoch      int64
	Attempt    *int64
	SentAt     *string
	Seed       *int64
	Scales     []int64
	Nj         []NjEntry // in the order of the document
	CohStar    float64
	VStar      []float64
	DHat       float64
	R          float64
	Regime     string
	Budget     float64
	MerkleRoot string
	Sig        *string
	FT         *FaultTolerance
	Usage      *Usage
}

// NjEntry is one member of N_j: the scale as written (a decimal string) and
// its count.
type NjEntry struct {
	Key string
	N   int64
}

// FaultTolerance is the agent's informational ft block.
type FaultTolerance struct {
	OutboxSeq   *int64
	Degraded    *bool
	Fallbacks   []string
	ClockSkewMs *float64
}

// Usage is the optional, unsigned declared LLM usage (docs/api.md).
type Usage struct {
	Model           *string
	Task            *string
	InputTokens     *int64
	OutputTokens    *int64
	ProviderCostUSD *float64
}

// ComputeID is pcs_id: sha256_hex(utf8(merkle_root + "|" + epoch + "|" + shard_id)).
func ComputeID(merkleRoot string, epoch int64, shardID string) string {
	h := sha256.Sum256([]byte(merkleRoot + "|" + strconv.FormatInt(epoch, 10) + "|" + shardID))
	return hex.EncodeToString(h[:])
}

// NjMap indexes N_j by key (keys are unique after Parse).
func (d *Document) NjMap() map[string]int64 {
	m := make(map[string]int64, len(d.Nj))
	for _, e := range d.Nj {
		m[e.Key] = e.N
	}
	return m
}

// SignedFields are the eight fields the signature covers.
func (d *Document) SignedFields() payload.Fields {
	return payload.Fields{PcsID: d.PcsID, MerkleRoot: d.MerkleRoot, Epoch: d.Epoch, ShardID: d.ShardID,
		DHat: d.DHat, CohStar: d.CohStar, R: d.R, Budget: d.Budget}
}

// Payload is the canonical signature payload of the document (§2).
func (d *Document) Payload() []byte {
	return payload.Bytes(d.SignedFields())
}

// HasSignature reports a present, non-empty sig.
func (d *Document) HasSignature() bool {
	return d.Sig != nil && *d.Sig != ""
}

// WithSignature returns a shallow copy carrying sig.
func (d *Document) WithSignature(sig string) *Document {
	c := *d
	c.Sig = &sig
	return &c
}
