package audit

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/fractal-lba/sdk-go/internal/golden"
)

type vectors struct {
	Origin      string   `json:"origin"`
	VerifierKey string   `json:"verifier_key"`
	Note        string   `json:"checkpoint_note"`
	TreeSize    int64    `json:"tree_size"`
	RootB64     string   `json:"root_b64"`
	Leaves      []string `json:"leaves"`
	Inclusion   []struct {
		Name     string   `json:"name"`
		Index    int64    `json:"index"`
		TreeSize int64    `json:"tree_size"`
		Leaf     string   `json:"leaf"`
		Proof    []string `json:"proof"`
		Valid    bool     `json:"valid"`
	} `json:"inclusion"`
	BadNotes []struct {
		Why  string `json:"why"`
		Note string `json:"note"`
	} `json:"bad_notes"`
}

func load(t *testing.T) vectors {
	var v vectors
	if err := json.Unmarshal(golden.Read("audit-proof-vectors.json"), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Inclusion) == 0 || len(v.BadNotes) == 0 {
		t.Fatal("audit-proof-vectors.json incomplete")
	}
	return v
}

// TestCheckpointNote: the vectors' note verifies under their verifier key and
// gives the stated size and root; the key text round-trips.
func TestCheckpointNote(t *testing.T) {
	v := load(t)
	key, err := ParseVerifierKey(v.VerifierKey)
	if err != nil {
		t.Fatal(err)
	}
	if key.String() != v.VerifierKey {
		t.Fatalf("key text %s", key)
	}
	cp, err := VerifyCheckpoint(v.Note, key, v.Origin)
	if err != nil {
		t.Fatal(err)
	}
	if cp.Size != v.TreeSize || base64.StdEncoding.EncodeToString(cp.Root) != v.RootB64 || cp.Origin != v.Origin {
		t.Fatalf("%+v", cp)
	}
	if _, err := VerifyCheckpoint(v.Note, key, "other.example/log"); err == nil {
		t.Fatal("wrong origin accepted")
	}
}

// TestInclusionProofs: valid proofs verify against the signed root; a
// changed leaf, a wrong index, a flipped bit and a truncated proof do not.
func TestInclusionProofs(t *testing.T) {
	v := load(t)
	key, _ := ParseVerifierKey(v.VerifierKey)
	for _, c := range v.Inclusion {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			var proof [][]byte
			for _, p := range c.Proof {
				b, err := base64.StdEncoding.DecodeString(p)
				if err != nil {
					t.Fatal(err)
				}
				proof = append(proof, b)
			}
			_, err := VerifyLogged(v.Note, key, v.Origin, c.Index, []byte(c.Leaf), proof)
			if c.Valid && err != nil {
				t.Fatalf("valid proof refused: %v", err)
			}
			if !c.Valid && err == nil {
				t.Fatal("invalid proof accepted")
			}
		})
	}
}

// TestBadNotes: every bad note is refused under the verifier key.
func TestBadNotes(t *testing.T) {
	v := load(t)
	key, _ := ParseVerifierKey(v.VerifierKey)
	for _, c := range v.BadNotes {
		if _, err := VerifyCheckpoint(c.Note, key, v.Origin); err == nil {
			t.Errorf("%s: accepted", c.Why)
		}
	}
}

// TestTreeFromLeaves recomputes the root of the 7 leaves (RFC 6962 MTH) and
// checks a consistency proof from 4 to 7 built from it.
func TestTreeFromLeaves(t *testing.T) {
	v := load(t)
	var h [][]byte
	for _, l := range v.Leaves {
		h = append(h, LeafHash([]byte(l)))
	}
	var mth func(hs [][]byte) []byte
	mth = func(hs [][]byte) []byte {
		if len(hs) == 1 {
			return hs[0]
		}
		k := 1
		for k*2 < len(hs) {
			k *= 2
		}
		return NodeHash(mth(hs[:k]), mth(hs[k:]))
	}
	root := mth(h)
	if base64.StdEncoding.EncodeToString(root) != v.RootB64 {
		t.Fatal("root of the leaves differs from the checkpoint's")
	}
	// PROOF(4, D[7]) = [MTH(D[4:7])], the old root being a complete subtree.
	if err := VerifyConsistency(4, 7, mth(h[:4]), root, [][]byte{mth(h[4:])}); err != nil {
		t.Fatal(err)
	}
	if err := VerifyConsistency(4, 7, mth(h[:4]), root, [][]byte{mth(h[5:])}); err == nil {
		t.Fatal("bad consistency proof accepted")
	}
	// PROOF(3, D[7]) = [h2, h3, MTH(h0,h1), MTH(D[4:7])].
	if err := VerifyConsistency(3, 7, mth(h[:3]), root, [][]byte{h[2], h[3], mth(h[:2]), mth(h[4:])}); err != nil {
		t.Fatal(err)
	}
}

func TestVerifierKeyErrors(t *testing.T) {
	v := load(t)
	parts := strings.SplitN(v.VerifierKey, "+", 3)
	for _, bad := range []string{
		"nokey", parts[0] + "+00000000+" + parts[2], parts[0] + "+" + parts[1] + "+AAAA",
		"bad name+" + parts[1] + "+" + parts[2], parts[0] + "+" + parts[1] + "+!!!",
	} {
		if _, err := ParseVerifierKey(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
