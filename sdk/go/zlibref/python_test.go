package zlibref

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// pyCompress pipes each input to python3's zlib.compress(x, 6) and returns
// the SHA-256 and length of each output. The test is skipped without a
// python3 whose zlib is the reference 1.2.x/1.3.x (the comparison would
// otherwise be against a different deflate).
func pyCompress(t *testing.T, inputs [][]byte) (shas []string, lens []int) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	const script = `
import sys, zlib, hashlib, struct
v = zlib.ZLIB_RUNTIME_VERSION
if not (v.startswith("1.2.") or v.startswith("1.3.")):
    print("SKIP zlib " + v); sys.exit(0)
if zlib.compress(b"hello, hello, hello world", 6).hex() != "789ccb48cdc9c9d751c840a214caf38b7252007487091d":
    print("SKIP not the reference deflate"); sys.exit(0)
data = sys.stdin.buffer.read()
i = 0
while i < len(data):
    (n,) = struct.unpack(">I", data[i:i+4]); i += 4
    out = zlib.compress(data[i:i+n], 6); i += n
    print(hashlib.sha256(out).hexdigest(), len(out))
`
	var in bytes.Buffer
	for _, b := range inputs {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(b)))
		in.Write(n[:])
		in.Write(b)
	}
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	if strings.HasPrefix(string(out), "SKIP") {
		t.Skip(strings.TrimSpace(string(out)))
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var sha string
		var n int
		if _, err := fmt.Sscan(sc.Text(), &sha, &n); err != nil {
			t.Fatalf("python3 output %q: %v", sc.Text(), err)
		}
		shas = append(shas, sha)
		lens = append(lens, n)
	}
	if len(shas) != len(inputs) {
		t.Fatalf("python3 answered %d of %d inputs", len(shas), len(inputs))
	}
	return shas, lens
}

// genInputs makes inputs of the kinds that steer deflate through its
// different paths: incompressible bytes (stored blocks), small alphabets
// and text (dynamic trees, long chains), runs (maximal matches, static
// blocks), repeats with mutations (lazy matching, TOO_FAR), and sizes around
// the window (32 KiB slide) and symbol buffer (16383 symbols) boundaries.
func genInputs(rng *rand.Rand, count int) [][]byte {
	words := strings.Fields("the quick brown fox jumps over lazy dog timestamp x y z 0.125 -3.5e-07 fractal lba kakeya pcs merkle")
	sizes := []int{0, 1, 2, 3, 4, 5, 257, 258, 259, 262, 4096, 16383, 16384, 32506, 32768, 32769, 65273, 65536, 65537, 98304, 131072, 204800}
	var out [][]byte
	for i := 0; i < count; i++ {
		var n int
		if i < len(sizes) {
			n = sizes[i]
		} else {
			switch rng.Intn(4) {
			case 0:
				n = rng.Intn(300)
			case 1:
				n = rng.Intn(5000)
			default:
				n = rng.Intn(204801)
			}
		}
		b := make([]byte, 0, n)
		switch i % 7 {
		case 0: // random bytes
			for len(b) < n {
				b = append(b, byte(rng.Intn(256)))
			}
		case 1: // text
			for len(b) < n {
				b = append(b, words[rng.Intn(len(words))]...)
				if rng.Intn(8) == 0 {
					b = append(b, '\n')
				} else {
					b = append(b, ' ')
				}
			}
		case 2: // runs of one byte
			for len(b) < n {
				c := byte(rng.Intn(4))
				for k := rng.Intn(600); k > 0; k-- {
					b = append(b, c)
				}
			}
		case 3: // a period with mutations
			p := make([]byte, 1+rng.Intn(5000))
			rng.Read(p)
			for len(b) < n {
				c := p[len(b)%len(p)]
				if rng.Intn(50) == 0 {
					c = byte(rng.Intn(256))
				}
				b = append(b, c)
			}
		case 4: // skewed alphabet
			for len(b) < n {
				b = append(b, byte('a'+int(rng.ExpFloat64()*2)%26))
			}
		case 5: // CSV-like trace rows
			for row := 0; len(b) < n; row++ {
				b = append(b, fmt.Sprintf("%.9f,%g,%g,%g\n", float64(row)*0.01, rng.NormFloat64(), rng.Float64(), float64(rng.Intn(100))/8)...)
			}
		case 6: // random then repeated far back (matches near the distance limit)
			blk := make([]byte, 20000+rng.Intn(14000))
			rng.Read(blk)
			for len(b) < n {
				b = append(b, blk...)
				if rng.Intn(2) == 0 {
					b = append(b, byte(rng.Intn(256)))
				}
			}
		}
		out = append(out, b[:n])
	}
	return out
}

// TestAgainstPython compares the full output with python3's zlib for a few
// hundred generated inputs (sizes 0..200 KiB). ZLIBREF_FUZZ=count[,seed]
// runs a longer comparison.
func TestAgainstPython(t *testing.T) {
	count, seed := 300, int64(20240601)
	if testing.Short() {
		count = 60
	}
	if env := os.Getenv("ZLIBREF_FUZZ"); env != "" {
		if _, err := fmt.Sscanf(strings.Replace(env, ",", " ", 1), "%d %d", &count, &seed); err != nil && count == 0 {
			t.Fatalf("ZLIBREF_FUZZ=%q: want count[,seed]", env)
		}
	}
	t.Logf("%d inputs, seed %d", count, seed)
	inputs := genInputs(rand.New(rand.NewSource(seed)), count)
	shas, lens := pyCompress(t, inputs)
	for i, in := range inputs {
		out := Compress(in)
		sum := sha256.Sum256(out)
		if got := hex.EncodeToString(sum[:]); got != shas[i] || len(out) != lens[i] {
			t.Errorf("input %d (kind %d, %d bytes): Go %d bytes %s, python %d bytes %s", i, i%7, len(in), len(out), got[:12], lens[i], shas[i][:12])
		}
	}
}
