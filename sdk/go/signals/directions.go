package signals

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
)

// Generator is the name of the direction generator this package implements.
const Generator = "sha256-ctr-v1"

// domain separates the generator's hash input from any other use of SHA-256.
const domain = "fractal-lba/coh-dir/v1"

// minNorm2 discards candidates whose squared norm is so small that their
// direction would be mostly rounding.
const minNorm2 = 1e-6

// DirectionStream is the coh★ direction generator sha256-ctr-v1 (§7):
// block c is SHA-256(domain ‖ int64_be(seed) ‖ uint64_be(c)), read as four
// big-endian 64-bit words; word w gives u = ((w >> 12) + 0.5)·2^-52, exact in
// binary64 and strictly inside (0, 1). Only + − × ÷ √ are used, which IEEE 754
// rounds exactly in every language, so the doubles are the same everywhere.
type DirectionStream struct {
	block   [len(domain) + 16]byte
	counter uint64
	words   [4]uint64
	next    int
}

// NewDirectionStream starts the stream of seed (two's complement).
func NewDirectionStream(seed int64) *DirectionStream {
	s := &DirectionStream{next: 4}
	copy(s.block[:], domain)
	binary.BigEndian.PutUint64(s.block[len(domain):], uint64(seed))
	return s
}

// NextUniform returns the next uniform in (0, 1).
func (s *DirectionStream) NextUniform() float64 {
	if s.next == 4 {
		binary.BigEndian.PutUint64(s.block[len(domain)+8:], s.counter)
		s.counter++
		h := sha256.Sum256(s.block[:])
		for i := range s.words {
			s.words[i] = binary.BigEndian.Uint64(h[8*i:])
		}
		s.next = 0
	}
	w := s.words[s.next]
	s.next++
	// w>>12 < 2^52, so the conversion and the sum are exact; so is the scaling.
	return float64(float64(w>>12)+0.5) * 0x1p-52
}

// NextDirection returns the next unit vector in dim dimensions, uniform on
// the sphere: dim uniforms give x_d = 2u − 1 (exact); the candidate is
// rejected when q = Σ x_d² (left to right from 0.0) is > 1 or < 1e-6,
// otherwise v_d = x_d / √q.
func (s *DirectionStream) NextDirection(dim int) []float64 {
	if dim < 1 {
		panic("signals: direction dimension must be >= 1")
	}
	x := make([]float64, dim)
	for {
		q := 0.0
		for d := range x {
			x[d] = float64(2.0*s.NextUniform()) - 1.0
			q += float64(x[d] * x[d])
		}
		if q <= 1.0 && q >= minNorm2 {
			n := math.Sqrt(q)
			for d := range x {
				x[d] /= n
			}
			return x
		}
	}
}
