package signals

import (
	"math"
	"strconv"
)

// Count is one N_j entry: a scale and its number of occupied cells.
type Count struct {
	Scale int64
	N     int64
}

// BoxCounts gives, for each scale s in order, the number of distinct integer
// cells (⌊x·s⌋, ⌊y·s⌋, ⌊z·s⌋) the points occupy (each product one IEEE 754
// multiplication; a floor beyond the int64 range saturates, as Java's (long)
// cast does). Callers refuse repeated scales (N_j is keyed by scale).
func BoxCounts(points [][3]float64, scales []int64) []Count {
	out := make([]Count, 0, len(scales))
	for _, s := range scales {
		fs := float64(s)
		cells := make(map[[3]int64]struct{}, len(points))
		for _, p := range points {
			var c [3]int64
			for d := 0; d < 3; d++ {
				c[d] = javaLong(math.Floor(float64(p[d] * fs)))
			}
			cells[c] = struct{}{}
		}
		out = append(out, Count{Scale: s, N: int64(len(cells))})
	}
	return out
}

// javaLong converts like Java's (long) cast, which the reference SDK uses:
// values beyond the int64 range saturate (Go's conversion is undefined there).
func javaLong(f float64) int64 {
	switch {
	case f >= 9223372036854775807:
		return math.MaxInt64
	case f <= -9223372036854775808:
		return math.MinInt64
	}
	return int64(f)
}

// CountMap indexes counts by their decimal scale, the key form of N_j.
func CountMap(counts []Count) map[string]int64 {
	m := make(map[string]int64, len(counts))
	for _, c := range counts {
		m[strconv.FormatInt(c.Scale, 10)] = c.N
	}
	return m
}
