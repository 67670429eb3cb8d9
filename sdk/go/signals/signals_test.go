package signals

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/fractal-lba/sdk-go/internal/golden"
	"github.com/fractal-lba/sdk-go/payload"
)

type buildVectors struct {
	Generator  string `json:"generator"`
	Directions int    `json:"directions"`
	Bins       int    `json:"bins"`
	Samples    []struct {
		Seed       string     `json:"seed"`
		Dim        int        `json:"dim"`
		Uniforms   []string   `json:"uniforms"`
		Directions [][]string `json:"directions"`
	} `json:"direction_samples"`
	Cases []struct {
		Name      string `json:"name"`
		Trace     string `json:"trace"`
		RawSHA256 string `json:"raw_sha256"`
		RawB64    string `json:"raw_b64"`
	} `json:"cases"`
}

func loadBuild(t *testing.T) buildVectors {
	var v buildVectors
	if err := json.Unmarshal(golden.Read("pcs-build-vectors.json"), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestDirectionSamples: the direction_samples of pcs-build-vectors.json pin
// the uniforms and the first directions of sha256-ctr-v1 for four seeds
// (including -1 and the int64 extremes).
func TestDirectionSamples(t *testing.T) {
	v := loadBuild(t)
	if v.Generator != Generator || v.Directions != DefaultDirections || v.Bins != DefaultBins {
		t.Fatalf("vector parameters %s/%d/%d differ from the SDK's", v.Generator, v.Directions, v.Bins)
	}
	if len(v.Samples) == 0 {
		t.Fatal("no direction samples")
	}
	for _, s := range v.Samples {
		seed, err := strconv.ParseInt(s.Seed, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		u := NewDirectionStream(seed)
		for i, want := range s.Uniforms {
			if got := payload.Repr(u.NextUniform()); got != want {
				t.Fatalf("seed %d uniform %d = %s, want %s", seed, i, got, want)
			}
		}
		d := NewDirectionStream(seed)
		for i, want := range s.Directions {
			got := d.NextDirection(s.Dim)
			for k := range want {
				if payload.Repr(got[k]) != want[k] {
					t.Fatalf("seed %d direction %d = %v, want %v", seed, i, got, want)
				}
			}
		}
	}
}

// TestGoldenTraces: every trace of pcs-build-vectors.json (agent-csv/ and
// traces/, with CRLF, blank lines, exponents and a timestamp tie) gives the
// expected raw bytes.
func TestGoldenTraces(t *testing.T) {
	for _, c := range loadBuild(t).Cases {
		tr, err := ParseTrace(golden.Read(strings.Split(c.Trace, "/")...))
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		want, _ := base64.StdEncoding.DecodeString(c.RawB64)
		if string(tr.Raw) != string(want) {
			t.Fatalf("%s: raw\n got %q\nwant %q", c.Name, tr.Raw, want)
		}
		sum := sha256.Sum256(tr.Raw)
		if hex.EncodeToString(sum[:]) != c.RawSHA256 {
			t.Fatalf("%s: raw sha256 %x", c.Name, sum)
		}
	}
}

// TestAgentFiles: the agent's own files pcs_tiny_case_{1,2}.json were built
// from agent-csv/tiny_case_{1,2}.csv; N_j, D̂, r and the Merkle root must be
// reproduced exactly (coh★ came from the agent's old generator).
func TestAgentFiles(t *testing.T) {
	for _, n := range []string{"1", "2"} {
		var want struct {
			Scales     []int64          `json:"scales"`
			Nj         map[string]int64 `json:"N_j"`
			DHat       float64          `json:"D_hat"`
			R          float64          `json:"r"`
			MerkleRoot string           `json:"merkle_root"`
		}
		if err := json.Unmarshal(golden.Read("pcs_tiny_case_"+n+".json"), &want); err != nil {
			t.Fatal(err)
		}
		tr, err := ParseTrace(golden.Read("agent-csv", "tiny_case_"+n+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		counts := BoxCounts(tr.Points, want.Scales)
		for _, c := range counts {
			if want.Nj[strconv.FormatInt(c.Scale, 10)] != c.N {
				t.Errorf("case %s: N_j[%d] = %d, want %d", n, c.Scale, c.N, want.Nj[strconv.FormatInt(c.Scale, 10)])
			}
		}
		d, err := DHat(want.Scales, CountMap(counts))
		if err != nil || d != want.DHat {
			t.Errorf("case %s: D_hat %v (%v), want %v", n, d, err, want.DHat)
		}
		if r := Compressibility(tr.Raw); r != want.R {
			t.Errorf("case %s: r %v, want %v", n, r, want.R)
		}
		if m := MerkleRoot(tr.Raw); m != want.MerkleRoot {
			t.Errorf("case %s: merkle_root %s, want %s", n, m, want.MerkleRoot)
		}
	}
}

func TestMalformedTraces(t *testing.T) {
	cases := []struct {
		csv          string
		line, column int
		text         string
	}{
		{"timestamp,x,y,z\n1,2,3\n", 2, 0, "expected 4 fields"},
		{"timestamp,x,y,z\n1,2,3,4\n\n 2,NaN,3,4\n", 4, 2, `not a decimal number: "NaN"`},
		{"timestamp,x,y,z\n1,Infinity,3,4\n", 2, 2, "not a decimal number"},
		{"timestamp,x,y,z\n1,2,3,1e999\n", 2, 4, "out of range"},
		{"timestamp,x,y,z\n0x10,2,3,4\n", 2, 1, "not a decimal number"},
		{"timestamp,x,y,z\n1,+2,3,4\n", 2, 2, "not a decimal number"},
		{"timestamp,x,y,z\n1,2,3,4,5\n", 2, 0, "found 5"},
		{"timestamp,x,y,z\n1,2,,4\n", 2, 3, `""`},
		{"timestamp,x,y,z\n1,1_0,3,4\n", 2, 2, "not a decimal"},
		{"timestamp,x,y,z\n \r\n", 0, 0, "no data rows"},
		{"", 0, 0, "no data rows"},
		{"timestamp,x,y,z\n1,2,3,\xff\n", 0, 0, "not UTF-8"},
	}
	for _, c := range cases {
		_, err := ParseTrace([]byte(c.csv))
		var te *TraceError
		if !errors.As(err, &te) {
			t.Errorf("%q: error %v is not a TraceError", c.csv, err)
			continue
		}
		if te.Line != c.line || te.Column != c.column || !strings.Contains(err.Error(), c.text) {
			t.Errorf("%q: got line %d column %d %q, want line %d column %d containing %q",
				c.csv, te.Line, te.Column, err, c.line, c.column, c.text)
		}
		if c.line > 0 && !strings.HasPrefix(err.Error(), "line "+strconv.Itoa(c.line)) {
			t.Errorf("message does not start with the line: %q", err)
		}
	}
}

func TestTimestamp9(t *testing.T) {
	for in, want := range map[float64]string{
		0.0009765625: "0.000976562", 0.0029296875: "0.002929688", 1: "1.000000000", 2.5e-10: "0.000000000",
		-2.5e-10: "-0.000000000", math.Copysign(0, -1): "-0.000000000", -1.5: "-1.500000000", 1e20: "100000000000000000000.000000000",
	} {
		if got := Timestamp9(in); got != want {
			t.Errorf("Timestamp9(%v) = %s, want %s", in, got, want)
		}
	}
}

func TestMerkleRoot(t *testing.T) {
	if MerkleRoot(nil) != strings.Repeat("0", 64) {
		t.Error("empty root")
	}
	one := []byte("abc")
	if MerkleRoot(one) != hexSHA(one) {
		t.Error("one chunk: the root is the leaf")
	}
	raw := make([]byte, 3*ChunkSize+1) // 4 leaves
	l := []string{hexSHA(raw[:64]), hexSHA(raw[64:128]), hexSHA(raw[128:192]), hexSHA(raw[192:])}
	want := hexSHA([]byte(hexSHA([]byte(l[0]+l[1])) + hexSHA([]byte(l[2]+l[3]))))
	if MerkleRoot(raw) != want {
		t.Error("four leaves")
	}
	raw = raw[:2*ChunkSize+1] // 3 leaves: the odd one is paired with itself
	want = hexSHA([]byte(hexSHA([]byte(l[0]+l[1])) + hexSHA([]byte(hexSHA(raw[128:])+hexSHA(raw[128:])))))
	if MerkleRoot(raw) != want {
		t.Error("three leaves")
	}
}

func TestDHatFailures(t *testing.T) {
	for _, c := range []struct {
		scales []int64
		counts map[string]int64
		want   string
	}{
		{[]int64{2}, map[string]int64{"2": 3}, "need at least 2 scales"},
		{[]int64{2, 4, 8}, map[string]int64{"2": 3, "4": 5}, "missing N_j for scale 8"},
		{[]int64{2, 4}, map[string]int64{"2": 3, "4": 0}, "non-positive N_j for scale 4"},
		{[]int64{4, 4}, map[string]int64{"4": 3}, "no valid slope"},
	} {
		if _, err := DHat(c.scales, c.counts); err == nil || err.Error() != c.want {
			t.Errorf("%v: %v, want %s", c.scales, err, c.want)
		}
	}
	// A decreasing scale order gives -0.0 slopes that must sort before 0.0.
	d, err := DHat([]int64{4, 2, 8}, map[string]int64{"2": 5, "4": 5, "8": 5})
	if err != nil || payload.Repr(d) != "0.0" {
		t.Errorf("flat counts: %v %v", payload.Repr(d), err)
	}
}

func TestLog2(t *testing.T) {
	if log2(1) != 0 || log2(8) != 3 || log2(1024) != 10 || log2(0.25) != -2 {
		t.Error("powers of two must be exact")
	}
	if d := log2(3) - 1.584962500721156; math.Abs(d) > 1e-15 {
		t.Errorf("log2(3) off by %v", d)
	}
}

func TestRegimeAndBudget(t *testing.T) {
	p := DefaultV1
	if Regime(1.5, 0.7, p) != Sticky || Regime(1.50000001, 0.9, p) != Mixed || Regime(2.6, 0.9, p) != NonSticky {
		t.Error("regime thresholds")
	}
	if b := Budget(7.965784285, 0.4, 0.6, p); b != 1.0 {
		t.Errorf("budget clamps to 1, got %v", b)
	}
	if b := Budget(1.0, 0.0, 1.0, p); b != 0.1 {
		t.Errorf("budget base, got %v", b)
	}
}
