package signals

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/fractal-lba/sdk-go/payload"
)

// minDX: pairs of scales closer than this in log2 give no slope.
const minDX = 1e-9

// DHat is the §4 step 2 estimator, shared by the build and the offline
// decision: the points (log2 s, log2 N_j[s]) in scale order, the slopes of
// every pair i < j with |Δx| ≥ 1e-9, sorted, the element at index ⌊n/2⌋ (the
// upper median), Round9. counts maps a decimal scale to its count. The
// error texts are the verifier's.
func DHat(scales []int64, counts map[string]int64) (float64, error) {
	n := len(scales)
	if n < 2 {
		return 0, fmt.Errorf("need at least 2 scales")
	}
	xs := make([]float64, n)
	ys := make([]float64, n)
	for i, s := range scales {
		c, ok := counts[strconv.FormatInt(s, 10)]
		if !ok {
			return 0, fmt.Errorf("missing N_j for scale %d", s)
		}
		if c <= 0 {
			return 0, fmt.Errorf("non-positive N_j for scale %d", s)
		}
		if s <= 0 {
			return 0, fmt.Errorf("non-positive scale %d", s)
		}
		xs[i] = log2(float64(s))
		ys[i] = log2(float64(c))
	}
	var slopes []float64
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			dx := xs[j] - xs[i]
			if math.Abs(dx) >= minDX {
				slopes = append(slopes, (ys[j]-ys[i])/dx)
			}
		}
	}
	if len(slopes) == 0 {
		return 0, fmt.Errorf("no valid slope")
	}
	// Java's Arrays.sort(double[]) puts -0.0 before 0.0; sort.Float64s leaves
	// them in any order, and Round9 keeps the sign, so order them the same.
	sort.Slice(slopes, func(a, b int) bool {
		x, y := slopes[a], slopes[b]
		return x < y || (x == y && math.Signbit(x) && !math.Signbit(y))
	})
	return payload.Round9(slopes[len(slopes)/2]), nil
}

// ln2 is computed the way the Java reference does (Math.log(2.0)).
var ln2 = math.Log(2.0)

// log2 is the Java reference's Log2.of: exact for powers of two, otherwise
// e + ln(m)/ln 2 with x = m·2^e, m in [1, 2). math.Log2 splits differently
// (m in [0.5, 1), multiplied by 1/ln 2), which can differ in the last bit.
func log2(x float64) float64 {
	frac, exp := math.Frexp(x) // x = frac·2^exp, frac in [0.5, 1)
	m := frac * 2              // exact
	e := float64(exp - 1)
	if m == 1.0 {
		return e
	}
	return e + float64(math.Log(m)/ln2)
}
