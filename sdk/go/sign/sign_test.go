package sign

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/fractal-lba/sdk-go/internal/golden"
)

type vectors struct {
	HMACKey   string `json:"hmac_key_ascii"`
	SeedHex   string `json:"ed25519_seed_hex"`
	PublicB64 string `json:"ed25519_public_b64"`
	Cases     []struct {
		Name    string `json:"name"`
		Payload string `json:"payload_utf8"`
		HMAC    string `json:"hmac_sha256_b64"`
		Legacy  string `json:"hmac_legacy_prehash_b64"`
		Ed25519 string `json:"ed25519_b64"`
	} `json:"cases"`
}

func load(t *testing.T) vectors {
	var v vectors
	if err := json.Unmarshal(golden.Read("signing-vectors.json"), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Cases) == 0 || v.HMACKey == "" {
		t.Fatal("signing-vectors.json incomplete")
	}
	return v
}

// TestSigningVectors: every signature of contract/golden/signing-vectors.json
// is reproduced and verifies; a changed payload does not.
func TestSigningVectors(t *testing.T) {
	v := load(t)
	seed, _ := hex.DecodeString(v.SeedHex)
	pub, err := PublicKey(seed)
	if err != nil {
		t.Fatal(err)
	}
	if got := base64.StdEncoding.EncodeToString(pub); got != v.PublicB64 {
		t.Fatalf("public key %s, want %s", got, v.PublicB64)
	}
	type algCase struct {
		alg             Alg
		signKey, verKey []byte
		want            func(i int) string
	}
	algs := []algCase{
		{HMAC, []byte(v.HMACKey), []byte(v.HMACKey), func(i int) string { return v.Cases[i].HMAC }},
		{HMACLegacy, []byte(v.HMACKey), []byte(v.HMACKey), func(i int) string { return v.Cases[i].Legacy }},
		{Ed25519, seed, pub, func(i int) string { return v.Cases[i].Ed25519 }},
	}
	for _, a := range algs {
		s, err := NewSigner(a.alg, a.signKey)
		if err != nil {
			t.Fatal(err)
		}
		ver, err := NewVerifier(a.alg, a.verKey)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range v.Cases {
			t.Run(string(a.alg)+"/"+c.Name, func(t *testing.T) {
				p := []byte(c.Payload)
				if got := s.Sign(p); got != a.want(i) {
					t.Fatalf("sig %s, want %s", got, a.want(i))
				}
				if !ver.Verify(p, a.want(i)) {
					t.Fatal("golden signature does not verify")
				}
				tampered := []byte(strings.Replace(c.Payload, `"epoch":`, `"epoch":1`, 1))
				if ver.Verify(tampered, a.want(i)) {
					t.Fatal("signature verifies a changed payload")
				}
			})
		}
	}
}

func TestBadSignaturesAreFalse(t *testing.T) {
	v := load(t)
	seed, _ := hex.DecodeString(v.SeedHex)
	pub, _ := PublicKey(seed)
	h, _ := NewVerifier(HMAC, []byte("testsecret"))
	e, _ := NewVerifier(Ed25519, pub)
	p := []byte(v.Cases[0].Payload)
	good := v.Cases[0].HMAC
	for _, sig := range []string{"", "!!!!", good[:len(good)-1], good[:20] + "\n" + good[20:], "AAAA"} {
		if h.Verify(p, sig) {
			t.Errorf("hmac accepted %q", sig)
		}
		if e.Verify(p, sig) {
			t.Errorf("ed25519 accepted %q", sig)
		}
	}
	if e.Verify(p, good) { // a 32-byte value is not an Ed25519 signature
		t.Error("ed25519 accepted a 32-byte signature")
	}
}

func TestKeyErrors(t *testing.T) {
	if _, err := NewSigner(Ed25519, make([]byte, 31)); err == nil || !strings.Contains(err.Error(), "32-byte seed") {
		t.Errorf("31-byte seed: %v", err)
	}
	if _, err := NewVerifier(Ed25519, make([]byte, 33)); err == nil {
		t.Error("33-byte public key accepted")
	}
	if _, err := NewSigner(HMAC, nil); err == nil {
		t.Error("empty HMAC secret accepted")
	}
	if _, err := ParseAlg("rsa"); err == nil {
		t.Error("unknown alg accepted")
	}
	if a, err := ParseAlg("HMAC-Legacy"); err != nil || a != HMACLegacy {
		t.Errorf("ParseAlg is case-insensitive: %v %v", a, err)
	}
	none, _ := NewSigner(None, nil)
	if none.Sign([]byte("x")) != "" {
		t.Error("none signs with a non-empty signature")
	}
}

func TestDecodeKey32(t *testing.T) {
	hexSeed := "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
	a, err := DecodeKey32("--seed", " "+strings.ToUpper(hexSeed)+"\n")
	if err != nil {
		t.Fatal(err)
	}
	b, err := DecodeKey32("--seed", base64.StdEncoding.EncodeToString(a))
	if err != nil || string(a) != string(b) || hex.EncodeToString(a) != hexSeed {
		t.Fatalf("hex and base64 disagree: %v", err)
	}
	for _, bad := range []string{hexSeed[:62], hexSeed + "00", "zz", base64.StdEncoding.EncodeToString(make([]byte, 31))} {
		if _, err := DecodeKey32("--seed", bad); err == nil {
			t.Errorf("accepted %q", bad)
		} else if !strings.Contains(err.Error(), "--seed") {
			t.Errorf("error does not name the option: %v", err)
		}
	}
}
