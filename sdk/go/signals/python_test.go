package signals

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/fractal-lba/sdk-go/internal/pyref"
)

// TestTimestamp9AgainstPython: the raw bytes' timestamps are Python's
// f"{t:.9f}" (exact binary value, half even), apart from the sign of a zero
// result, which the Java reference drops.
func TestTimestamp9AgainstPython(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	var xs []float64
	for i := 0; i < 20000; i++ {
		var x float64
		switch i % 4 {
		case 0:
			x = rng.Float64() * math.Pow(10, float64(rng.Intn(14)-6))
		case 1:
			x = math.Ldexp(float64(rng.Int63n(1<<20)), -rng.Intn(40)) // binary fractions: exact ties at 9 decimals
		case 2:
			x = float64(rng.Int63n(1e13)) / 1e10
		case 3:
			x = math.Float64frombits(rng.Uint64())
			if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e25 {
				x = 1e-12 * rng.NormFloat64()
			}
		}
		if rng.Intn(3) == 0 {
			x = -x
		}
		xs = append(xs, x)
	}
	var in strings.Builder
	for _, x := range xs {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], math.Float64bits(x))
		in.WriteString(hex.EncodeToString(b[:]) + "\n")
	}
	lines := pyref.Run(t, `
import sys, struct
for h in sys.stdin.read().split():
    print(f"{struct.unpack('>d', bytes.fromhex(h))[0]:.9f}")
`, []byte(in.String()))
	for i, x := range xs {
		want := lines[i] // Python's f"{t:.9f}" exactly, "-0.000000000" included
		if got := Timestamp9(x); got != want {
			t.Fatalf("Timestamp9(%v) = %s, python %s", x, got, lines[i])
		}
	}
}
