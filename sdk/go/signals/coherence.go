package signals

import (
	"errors"
	"math"

	"github.com/fractal-lba/sdk-go/payload"
)

// The SDKs' coh★ parameters (§7).
const (
	DefaultDirections = 100
	DefaultBins       = 10
)

// Coherence is coh★ (rounded to 9 decimals) and the direction v★ that
// reached it first (unrounded).
type Coherence struct {
	CohStar float64
	VStar   []float64
}

// CohStar projects the points on the first `directions` unit vectors of the
// seed's stream; per direction, with lo/hi the least and greatest
// projection, the coherence is 1.0 when hi − lo < 1e-12, else the share of
// points in the fullest of `bins` equal-width bins (bin min(bins−1,
// ⌊((p − lo)/(hi − lo))·bins⌋)). coh★ is the greatest coherence, v★ the first
// direction reaching it.
func CohStar(points [][3]float64, seed int64, directions, bins int) (Coherence, error) {
	if len(points) == 0 {
		return Coherence{}, errors.New("coh★ needs at least one point")
	}
	if directions < 1 || bins < 1 {
		return Coherence{}, errors.New("directions and bins must be >= 1")
	}
	stream := NewDirectionStream(seed)
	best := -1.0
	var bestV []float64
	proj := make([]float64, len(points))
	counts := make([]int, bins)
	for k := 0; k < directions; k++ {
		v := stream.NextDirection(3)
		c, ok := coherence(points, v, proj, counts)
		if !ok {
			return Coherence{}, errors.New("the coordinates are too large: their projections overflow (keep every |x|, |y|, |z| below 1e300)")
		}
		if c > best { // a later tie does not replace v★
			best, bestV = c, v
		}
	}
	return Coherence{CohStar: payload.Round9(best), VStar: bestV}, nil
}

// coherence is false when the projections overflow (NaN from inf − inf, or
// an infinite range): no bin is defined and the build is refused.
func coherence(points [][3]float64, v []float64, proj []float64, counts []int) (float64, bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, p := range points {
		// p = 0.0 + x·v0 + y·v1 + z·v2, each operation rounded on its own.
		s := 0.0
		s += float64(p[0] * v[0])
		s += float64(p[1] * v[1])
		s += float64(p[2] * v[2])
		proj[i] = s
		lo = math.Min(lo, s)
		hi = math.Max(hi, s)
	}
	if math.IsNaN(hi-lo) || math.IsInf(hi-lo, 0) {
		return 0, false
	}
	if hi-lo < 1e-12 {
		return 1.0, true // every point projects to one value
	}
	for i := range counts {
		counts[i] = 0
	}
	bins := len(counts)
	top := 0
	width := hi - lo
	for _, p := range proj {
		b := int(float64(float64((p-lo)/width) * float64(bins)))
		if b > bins-1 {
			b = bins - 1
		}
		counts[b]++
		if counts[b] > top {
			top = counts[b]
		}
	}
	return float64(top) / float64(len(proj)), true
}
