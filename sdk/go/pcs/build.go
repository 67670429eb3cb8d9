package pcs

import (
	"fmt"
	"unicode/utf8"

	"github.com/fractal-lba/sdk-go/payload"
	"github.com/fractal-lba/sdk-go/sign"
	"github.com/fractal-lba/sdk-go/signals"
)

// DefaultScales are the box-counting scales unless the caller chooses others.
var DefaultScales = []int64{2, 4, 8, 16}

// BuildParams are the caller's choices for Build. The CLI's defaults are
// shard "shard-0", epoch 1, DefaultScales and seed 42.
type BuildParams struct {
	ShardID string
	Epoch   int64
	Scales  []int64
	Seed    int64 // seed of the coh★ directions
}

// BuildError is an input the build refuses (bad parameters or signals).
type BuildError struct{ Msg string }

func (e *BuildError) Error() string { return e.Msg }

// Build measures every signal of a trace the contract's way (§7) and signs
// the PCS with signer (nil: unsigned, sig ""). The same trace, parameters
// and key give the same bytes (Marshal) as the Java, Python and TypeScript
// SDKs.
func Build(trace *signals.Trace, p BuildParams, signer sign.Signer) (*Document, error) {
	if trace == nil || len(trace.Points) == 0 {
		return nil, &BuildError{"the trace has no points"}
	}
	if err := checkParams(p); err != nil {
		return nil, err
	}
	coh, err := signals.CohStar(trace.Points, p.Seed, signals.DefaultDirections, signals.DefaultBins)
	if err != nil {
		return nil, &BuildError{err.Error()}
	}
	counts := signals.BoxCounts(trace.Points, p.Scales)
	return FromSignals(Signals{
		Scales: p.Scales, Counts: counts, CohStar: coh.CohStar, VStar: coh.VStar,
		R: signals.Compressibility(trace.Raw), MerkleRoot: signals.MerkleRoot(trace.Raw),
		Epoch: p.Epoch, ShardID: p.ShardID, Seed: p.Seed,
	}, signer)
}

// Signals are measured signals from which FromSignals makes a PCS.
type Signals struct {
	Scales     []int64
	Counts     []signals.Count
	CohStar    float64
	VStar      []float64
	R          float64
	MerkleRoot string
	Epoch      int64
	ShardID    string
	Seed       int64
}

// FromSignals is the Java PcsFactory.build: D̂ by the verifier's estimator,
// coh★ and r rounded, regime and budget by the §4 formulas, pcs_id from the
// Merkle root, attempt 1, the fixed ft block, then the signature.
func FromSignals(s Signals, signer sign.Signer) (*Document, error) {
	if err := checkParams(BuildParams{ShardID: s.ShardID, Epoch: s.Epoch, Scales: s.Scales}); err != nil {
		return nil, err
	}
	dHat, err := signals.DHat(s.Scales, signals.CountMap(s.Counts))
	if err != nil {
		return nil, &BuildError{"cannot compute D_hat: " + err.Error()}
	}
	coh := payload.Round9(s.CohStar)
	r := payload.Round9(s.R)
	policy := signals.DefaultV1
	seed := s.Seed
	attempt := int64(1)
	zero := int64(0)
	degraded := false
	skew := 0.0
	d := &Document{
		PcsID: ComputeID(s.MerkleRoot, s.Epoch, s.ShardID), Schema: Schema, Version: Version,
		ShardID: s.ShardID, Epoch: s.Epoch, Attempt: &attempt, Seed: &seed,
		Scales: append([]int64(nil), s.Scales...), CohStar: coh, VStar: s.VStar,
		DHat: dHat, R: r, Regime: signals.Regime(dHat, coh, policy),
		Budget: signals.Budget(dHat, coh, r, policy), MerkleRoot: s.MerkleRoot,
		FT: &FaultTolerance{OutboxSeq: &zero, Degraded: &degraded, Fallbacks: []string{}, ClockSkewMs: &skew},
	}
	for _, c := range s.Counts {
		d.Nj = append(d.Nj, NjEntry{Key: fmt.Sprint(c.Scale), N: c.N})
	}
	sig := ""
	if signer != nil {
		sig = signer.Sign(d.Payload())
	}
	d.Sig = &sig
	return d, nil
}

func checkParams(p BuildParams) error {
	if p.Epoch < 0 {
		return &BuildError{fmt.Sprintf("epoch must be ≥ 0, was %d", p.Epoch)}
	}
	if p.ShardID == "" {
		return &BuildError{"shard_id must not be empty"}
	}
	if !utf8.ValidString(p.ShardID) {
		return &BuildError{"shard_id must be valid UTF-8"}
	}
	seen := map[int64]bool{}
	for _, s := range p.Scales {
		if s < 1 || s > 1024 {
			return &BuildError{fmt.Sprintf("scales must lie in 1..1024, was %d", s)}
		}
		if seen[s] {
			// Java accepts a repeated scale and writes its N_j key twice.
			return &BuildError{fmt.Sprintf("scale %d is given twice", s)}
		}
		seen[s] = true
	}
	return nil
}
