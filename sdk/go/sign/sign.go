// Package sign signs and verifies the canonical payload of a PCS
// (docs/contract.md §2): hmac (HMAC-SHA256 over the payload), hmac-legacy
// (HMAC-SHA256 over SHA-256(payload), for older agents), ed25519 (pure
// Ed25519, RFC 8032, over the 32 bytes SHA-256(payload), key from the 32-byte
// seed) and none (the empty signature, for tenants configured unsigned).
package sign

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Alg is a signature algorithm by its configuration name.
type Alg string

const (
	HMAC       Alg = "hmac"
	HMACLegacy Alg = "hmac-legacy"
	Ed25519    Alg = "ed25519"
	None       Alg = "none"
)

// ParseAlg reads an algorithm name, case-insensitively as the Java SDK does.
func ParseAlg(name string) (Alg, error) {
	for _, a := range []Alg{HMAC, HMACLegacy, Ed25519, None} {
		if strings.EqualFold(name, string(a)) {
			return a, nil
		}
	}
	return "", fmt.Errorf("unknown algorithm %q (hmac, hmac-legacy, ed25519 or none)", name)
}

// Signer produces the base64 signature of a payload.
type Signer interface {
	Sign(payload []byte) string
}

// Verifier checks a base64 signature over a payload. Bad base64 or a wrong
// length is false, never an error: it is a failed signature (§2).
type Verifier interface {
	Verify(payload []byte, sig string) bool
}

// NewSigner returns a signer for alg. material is the secret for the HMAC
// variants (non-empty) and the 32-byte RFC 8032 seed for ed25519; none
// ignores it.
func NewSigner(alg Alg, material []byte) (Signer, error) {
	switch alg {
	case HMAC, HMACLegacy:
		if len(material) == 0 {
			return nil, errors.New("HMAC secret must not be empty")
		}
		return hmacKey{secret: clone(material), prehash: alg == HMACLegacy}, nil
	case Ed25519:
		if len(material) != ed25519.SeedSize {
			return nil, fmt.Errorf("Ed25519 private key must be a 32-byte seed, got %d bytes", len(material))
		}
		return edSigner{key: ed25519.NewKeyFromSeed(material)}, nil
	case None:
		return noneKey{}, nil
	}
	return nil, fmt.Errorf("unknown algorithm %q", string(alg))
}

// NewVerifier returns a verifier for alg. material is the secret for the
// HMAC variants and the 32 raw public-key bytes for ed25519; none accepts
// every signature.
func NewVerifier(alg Alg, material []byte) (Verifier, error) {
	switch alg {
	case HMAC, HMACLegacy:
		if len(material) == 0 {
			return nil, errors.New("HMAC secret must not be empty")
		}
		return hmacKey{secret: clone(material), prehash: alg == HMACLegacy}, nil
	case Ed25519:
		if len(material) != ed25519.PublicKeySize {
			return nil, fmt.Errorf("Ed25519 public key must be 32 raw bytes, got %d bytes", len(material))
		}
		return edVerifier{key: ed25519.PublicKey(clone(material))}, nil
	case None:
		return noneKey{}, nil
	}
	return nil, fmt.Errorf("unknown algorithm %q", string(alg))
}

// PublicKey derives the 32-byte Ed25519 public key of a 32-byte seed.
func PublicKey(seed []byte) ([]byte, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("Ed25519 seed must be 32 bytes, got %d", len(seed))
	}
	return []byte(ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)), nil
}

type hmacKey struct {
	secret  []byte
	prehash bool
}

func (k hmacKey) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, k.secret)
	if k.prehash {
		d := sha256.Sum256(payload)
		m.Write(d[:])
	} else {
		m.Write(payload)
	}
	return m.Sum(nil)
}

func (k hmacKey) Sign(payload []byte) string {
	return base64.StdEncoding.EncodeToString(k.mac(payload))
}

func (k hmacKey) Verify(payload []byte, sig string) bool {
	given, ok := decodeStrict(sig)
	return ok && hmac.Equal(k.mac(payload), given) // constant time
}

type edSigner struct{ key ed25519.PrivateKey }

func (s edSigner) Sign(payload []byte) string {
	d := sha256.Sum256(payload)
	return base64.StdEncoding.EncodeToString(ed25519.Sign(s.key, d[:]))
}

type edVerifier struct{ key ed25519.PublicKey }

func (v edVerifier) Verify(payload []byte, sig string) bool {
	raw, ok := decodeStrict(sig)
	if !ok || len(raw) != ed25519.SignatureSize {
		return false
	}
	d := sha256.Sum256(payload)
	return ed25519.Verify(v.key, d[:], raw)
}

type noneKey struct{}

func (noneKey) Sign([]byte) string         { return "" }
func (noneKey) Verify([]byte, string) bool { return true }

// decodeStrict decodes standard padded base64 as Java's basic decoder does.
// Go's decoder skips '\r' and '\n' inside the input; Java refuses them, so a
// signature with a line break must fail here too.
func decodeStrict(s string) ([]byte, bool) {
	if s == "" || len(s)%4 != 0 || strings.ContainsAny(s, "\r\n") {
		return nil, false
	}
	b, err := base64.StdEncoding.DecodeString(s)
	return b, err == nil
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }
