package zlibref

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"testing"

	"github.com/fractal-lba/sdk-go/internal/golden"
)

type zlibCase struct {
	Name   string `json:"name"`
	Input  string `json:"input_b64"`
	InLen  int    `json:"input_len"`
	OutLen int    `json:"zlib_level6_len"`
	SHA    string `json:"zlib_level6_sha256"`
}

func loadCases(t *testing.T) []zlibCase {
	var doc struct {
		Cases []zlibCase `json:"cases"`
	}
	if err := json.Unmarshal(golden.Read("zlib-vectors.json"), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Cases) == 0 {
		t.Fatal("no cases in zlib-vectors.json")
	}
	return doc.Cases
}

// TestGoldenVectors checks length and SHA-256 of the whole stream for every
// case of contract/golden/zlib-vectors.json.
func TestGoldenVectors(t *testing.T) {
	for _, c := range loadCases(t) {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			in, err := base64.StdEncoding.DecodeString(c.Input)
			if err != nil {
				t.Fatal(err)
			}
			if len(in) != c.InLen {
				t.Fatalf("input length %d, vector says %d", len(in), c.InLen)
			}
			out := Compress(in)
			sum := sha256.Sum256(out)
			if len(out) != c.OutLen || hex.EncodeToString(sum[:]) != c.SHA {
				t.Fatalf("got len %d sha %x, want len %d sha %s", len(out), sum, c.OutLen, c.SHA)
			}
			if CompressedLen(in) != c.OutLen {
				t.Fatal("CompressedLen disagrees with Compress")
			}
			roundTrip(t, in, out)
		})
	}
}

// TestStdlibDiffers documents why this package exists: Go's compress/zlib
// gives other lengths than reference zlib for some of the vectors.
func TestStdlibDiffers(t *testing.T) {
	differ := 0
	for _, c := range loadCases(t) {
		in, _ := base64.StdEncoding.DecodeString(c.Input)
		var buf bytes.Buffer
		w, _ := zlib.NewWriterLevel(&buf, 6)
		w.Write(in)
		w.Close()
		if buf.Len() != c.OutLen {
			differ++
			t.Logf("%s: compress/zlib %d bytes, reference zlib %d", c.Name, buf.Len(), c.OutLen)
		}
	}
	if differ == 0 {
		t.Log("compress/zlib matched every vector on this Go version")
	}
}

// roundTrip inflates out with the standard library: the stream must be
// valid zlib whatever its exact bytes.
func roundTrip(t *testing.T, in, out []byte) {
	t.Helper()
	r, err := zlib.NewReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	back, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back, in) {
		t.Fatal("inflate(Compress(x)) != x")
	}
}
