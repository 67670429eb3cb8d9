package signals

import (
	"math"
	"strconv"

	"github.com/fractal-lba/sdk-go/payload"
)

// Policy holds the versioned verification constants (§4). A change of any
// constant is a new version.
type Policy struct {
	Name                         string
	Version                      int
	TolD, TolCoh                 float64
	Alpha, Beta, Gamma, Base, D0 float64
	BudgetTolerance              float64
	StickyCohMin, StickyDHatMax  float64
	NonStickyDHatMin             float64
	MinScale, MaxScale           int64
}

// DefaultV1 is policy "default", version 1.
var DefaultV1 = Policy{
	Name: "default", Version: 1,
	TolD: 0.15, TolCoh: 0.05,
	Alpha: 0.30, Beta: 0.50, Gamma: 0.20, Base: 0.10, D0: 2.2,
	BudgetTolerance: 0.01,
	StickyCohMin:    0.70, StickyDHatMax: 1.5, NonStickyDHatMin: 2.6,
	MinScale: 1, MaxScale: 1024,
}

// ID names the policy as events do ("default@1").
func (p Policy) ID() string {
	return p.Name + "@" + strconv.Itoa(p.Version)
}

// Regimes by wire name.
const (
	Sticky    = "sticky"
	Mixed     = "mixed"
	NonSticky = "non_sticky"
)

// Regime is sticky when coh★ ≥ 0.70 and D̂ ≤ 1.5, non_sticky when D̂ ≥ 2.6,
// otherwise mixed (inputs already rounded).
func Regime(dHat, cohStar float64, p Policy) string {
	if cohStar >= p.StickyCohMin && dHat <= p.StickyDHatMax {
		return Sticky
	}
	if dHat >= p.NonStickyDHatMin {
		return NonSticky
	}
	return Mixed
}

// Budget is clamp01(base + α(1 − r) + β·max(0, D̂ − D0) + γ·coh★), inputs
// and result rounded to 9 decimals, summed left to right with every product
// rounded on its own (no fused multiply-add).
func Budget(dHat, cohStar, r float64, p Policy) float64 {
	d := payload.Round9(dHat)
	c := payload.Round9(cohStar)
	rr := payload.Round9(r)
	raw := p.Base
	raw += float64(p.Alpha * (1 - rr))
	raw += float64(p.Beta * math.Max(0.0, d-p.D0))
	raw += float64(p.Gamma * c)
	return payload.Round9(math.Min(1.0, math.Max(0.0, raw)))
}
