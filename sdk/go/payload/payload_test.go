package payload

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"github.com/fractal-lba/sdk-go/internal/golden"
)

type signingCase struct {
	Name  string `json:"name"`
	Input struct {
		PcsID      string      `json:"pcs_id"`
		MerkleRoot string      `json:"merkle_root"`
		Epoch      json.Number `json:"epoch"`
		ShardID    string      `json:"shard_id"`
	} `json:"input"`
	Repr    map[string]string `json:"input_float_repr"`
	Payload string            `json:"payload_utf8"`
	SHA     string            `json:"payload_sha256_hex"`
}

// LoadSigningCases reads contract/golden/signing-vectors.json; the doubles
// come from input_float_repr (exact) and the epoch as an exact integer.
func loadSigningCases(t *testing.T) []signingCase {
	var doc struct {
		Cases []signingCase `json:"cases"`
	}
	if err := json.Unmarshal(golden.Read("signing-vectors.json"), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cases) == 0 {
		t.Fatal("no cases")
	}
	return doc.Cases
}

func fieldsOf(t *testing.T, c signingCase) Fields {
	num := func(k string) float64 {
		v, err := strconv.ParseFloat(c.Repr[k], 64)
		if err != nil {
			t.Fatalf("%s: %s: %v", c.Name, k, err)
		}
		return v
	}
	epoch, err := strconv.ParseInt(string(c.Input.Epoch), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return Fields{PcsID: c.Input.PcsID, MerkleRoot: c.Input.MerkleRoot, Epoch: epoch, ShardID: c.Input.ShardID,
		DHat: num("D_hat"), CohStar: num("coh_star"), R: num("r"), Budget: num("budget")}
}

// TestSigningVectorsPayload: contract/golden/signing-vectors.json, the exact
// payload text and its SHA-256 for every case.
func TestSigningVectorsPayload(t *testing.T) {
	for _, c := range loadSigningCases(t) {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			got := Text(fieldsOf(t, c))
			if got != c.Payload {
				t.Fatalf("payload\n got %s\nwant %s", got, c.Payload)
			}
			sum := sha256.Sum256(Bytes(fieldsOf(t, c)))
			if hex.EncodeToString(sum[:]) != c.SHA {
				t.Fatalf("sha256 %x, want %s", sum, c.SHA)
			}
		})
	}
}

func TestRepr(t *testing.T) {
	cases := map[float64]string{
		1.0: "1.0", 0.0: "0.0", 1e16: "1e+16", 1e15: "1000000000000000.0", 9999999999999998: "9999999999999998.0",
		1e-5: "1e-05", 1e-4: "0.0001", 0.00012345: "0.00012345", 2.5e-7: "2.5e-07", 123456789.0: "123456789.0",
		1.2345678e-05: "1.2345678e-05", 0.1: "0.1", 0.30000000000000004: "0.30000000000000004", -0.5: "-0.5",
		1e22: "1e+22", 1.5e300: "1.5e+300", 5e-324: "5e-324", 1.7976931348623157e308: "1.7976931348623157e+308",
		12345678.12345679: "12345678.12345679", 1e100: "1e+100",
	}
	for x, want := range cases {
		if got := Repr(x); got != want {
			t.Errorf("Repr(%v) = %q, want %q", x, got, want)
		}
	}
	if got := Repr(math.Copysign(0, -1)); got != "-0.0" {
		t.Errorf("Repr(-0.0) = %q", got)
	}
}

func TestRound9(t *testing.T) {
	cases := []struct {
		in   float64
		want string
	}{
		{0.1234567885, "0.123456789"},   // the shortest decimal is a tie: half up
		{0.12345678849, "0.123456788"},  // below the tie
		{0.9999999995, "1.0"},           // carries into the units
		{5e-10, "1e-09"},                // tiny tie
		{4e-10, "0.0"},                  // below: zero
		{-4e-10, "-0.0"},                // keeps the sign, as Decimal does
		{-1.0000000005, "-1.000000001"}, // away from zero
		{-0.1234567895, "-0.12345679"},  // negative tie
		{0.30000000000000004, "0.3"},    // binary noise
		{1e16, "1e+16"},                 // large: unchanged
		{123456789012.5, "123456789012.5"},
		{12345678.12345679, "12345678.12345679"},
	}
	for _, c := range cases {
		if got := Repr(Round9(c.in)); got != c.want {
			t.Errorf("Round9(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestQuote(t *testing.T) {
	got := Quote("a\"b\\c\nd\te/f<g>h&i\u007f\u0001\r\b\f ü東😀")
	want := `"a\"b\\c\nd\te/f<g>h&i\u007f\u0001\r\b\f \u00fc\u6771\ud83d\ude00"`
	if got != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
}

func TestNonFinitePanics(t *testing.T) {
	for _, f := range []func(){
		func() { Repr(inf()) }, func() { Round9(inf()) }, func() { Repr(nan()) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Error("no panic on a non-finite number")
				}
			}()
			f()
		}()
	}
}

func inf() float64 { x := 0.0; return 1 / x }
func nan() float64 { x := 0.0; return x / x }
