package payload

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/fractal-lba/sdk-go/internal/pyref"
)

// interesting returns doubles that exercise repr and rounding: random bit
// patterns, short decimals, values at the repr thresholds (1e-4, 1e16), at
// 9-decimal ties, near powers of two and of ten.
func interesting(rng *rand.Rand, n int) []float64 {
	var xs []float64
	for i := 0; i < n; i++ {
		var x float64
		switch i % 8 {
		case 0:
			x = math.Float64frombits(rng.Uint64())
		case 1:
			x, _ = strconv.ParseFloat(strconv.FormatFloat(rng.Float64()*math.Pow(10, float64(rng.Intn(40)-20)), 'g', 1+rng.Intn(17), 64), 64)
		case 2:
			x = float64(rng.Int63n(1e12)) / 1e9 // 9-decimal values
		case 3:
			x = (float64(rng.Int63n(1e10)) + 0.5) / 1e9 // ties in decimal (not always in binary)
		case 4:
			x = math.Ldexp(1, rng.Intn(200)-100) * (1 + float64(rng.Intn(3)-1)*0x1p-52)
		case 5:
			x = math.Pow(10, float64(rng.Intn(40)-20)) * (1 + float64(rng.Intn(5)-2)*1e-16)
		case 6:
			x = []float64{1e-4, 9.999999999999999e-05, 1e16, 9999999999999998, 1e16 + 2, 0.0001000000000000001}[rng.Intn(6)]
		case 7:
			x = rng.NormFloat64() * math.Pow(10, float64(rng.Intn(12)-6))
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		if rng.Intn(2) == 0 {
			x = -x
		}
		xs = append(xs, x)
	}
	return xs
}

const pyScript = `
import sys, struct
from decimal import Decimal, ROUND_HALF_UP, localcontext
for line in sys.stdin.read().split():
    x = struct.unpack(">d", bytes.fromhex(line))[0]
    with localcontext() as ctx:
        ctx.prec = 800
        r9 = float(Decimal(repr(x)).quantize(Decimal("1e-9"), ROUND_HALF_UP))
    print(repr(x), repr(r9))
`

// TestAgainstPython compares Repr and Round9 with CPython's repr and
// Decimal for thousands of doubles.
func TestAgainstPython(t *testing.T) {
	xs := interesting(rand.New(rand.NewSource(7)), 20000)
	var in strings.Builder
	for _, x := range xs {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], math.Float64bits(x))
		in.WriteString(hex.EncodeToString(b[:]))
		in.WriteByte('\n')
	}
	lines := pyref.Run(t, pyScript, []byte(in.String()))
	if len(lines) != len(xs) {
		t.Fatalf("python answered %d of %d", len(lines), len(xs))
	}
	bad := 0
	for i, x := range xs {
		f := strings.Fields(lines[i])
		if got := Repr(x); got != f[0] {
			t.Errorf("Repr(%b) = %s, python %s", x, got, f[0])
			bad++
		}
		if got := Repr(Round9(x)); got != f[1] {
			t.Errorf("Round9(%s) = %s, python %s", f[0], got, f[1])
			bad++
		}
		if bad > 20 {
			t.Fatal("too many differences")
		}
	}
}
