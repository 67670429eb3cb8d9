// Package audit checks, offline, that a submission was logged by the
// audit-service (docs/contract.md §8, docs/audit.md): the log's checkpoint
// is a C2SP signed note (origin, tree size, base64 root; an Ed25519
// signature line under the log's key name and key id) and an inclusion
// proof is RFC 6962's (leaf hash SHA-256(0x00 ‖ leaf), node hash
// SHA-256(0x01 ‖ left ‖ right)).
package audit

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Key types of the C2SP signed-note spec.
const (
	TypeEd25519     byte = 0x01
	TypeCosignature byte = 0x04
)

// Error is a note, checkpoint or proof that does not verify.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func fail(format string, a ...any) error { return &Error{fmt.Sprintf(format, a...)} }

// NoteKey is a signed-note verifier key: a name, a type and an Ed25519
// public key. Its key id is the first 4 bytes of SHA-256(name ‖ 0x0A ‖ type
// ‖ public key).
type NoteKey struct {
	Name      string
	Type      byte
	PublicKey ed25519.PublicKey
}

// KeyID is the 4-byte key id.
func (k NoteKey) KeyID() []byte {
	h := sha256.New()
	h.Write([]byte(k.Name))
	h.Write([]byte{'\n', k.Type})
	h.Write(k.PublicKey)
	return h.Sum(nil)[:4]
}

// String is the verifier key text name+hexkeyid+base64(type ‖ public key).
func (k NoteKey) String() string {
	return k.Name + "+" + hex.EncodeToString(k.KeyID()) + "+" +
		base64.StdEncoding.EncodeToString(append([]byte{k.Type}, k.PublicKey...))
}

// ParseVerifierKey reads "name+hexkeyid+base64(type ‖ key)" (the base64 may
// itself contain '+'); the key id must match the one derived from the name
// and the key.
func ParseVerifierKey(vkey string) (NoteKey, error) {
	parts := strings.SplitN(strings.TrimSpace(vkey), "+", 3)
	if len(parts) != 3 {
		return NoteKey{}, errors.New("a verifier key looks like name+keyid+base64key")
	}
	typed, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || strings.ContainsAny(parts[2], "\r\n") {
		return NoteKey{}, errors.New("verifier key: the key part is not base64")
	}
	if len(typed) != 1+ed25519.PublicKeySize {
		return NoteKey{}, errors.New("verifier key: expected a type byte and a 32-byte Ed25519 key")
	}
	name := parts[0]
	if name == "" || strings.IndexFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == '+' }) >= 0 {
		return NoteKey{}, fmt.Errorf("verifier key: a note key name is non-empty, without spaces or '+': %q", name)
	}
	if typed[0] != TypeEd25519 && typed[0] != TypeCosignature {
		return NoteKey{}, fmt.Errorf("verifier key: unsupported note key type %d", typed[0])
	}
	k := NoteKey{Name: name, Type: typed[0], PublicKey: ed25519.PublicKey(typed[1:])}
	if hex.EncodeToString(k.KeyID()) != strings.ToLower(parts[1]) {
		return NoteKey{}, fmt.Errorf("verifier key: key id %s does not match name and key", parts[1])
	}
	return k, nil
}

// NoteSignature is one signature line: "— <name> base64(key id ‖ signature)".
type NoteSignature struct {
	KeyName   string
	KeyID     []byte
	Signature []byte
}

// Note is a parsed signed note: the signed text (ending in a newline) and
// its signatures.
type Note struct {
	Text       string
	Signatures []NoteSignature
}

const dash = "\u2014 " // em dash and a space start every signature line

// ParseNote splits a signed note at its last blank line into the text and
// the signature lines, refusing anything malformed.
func ParseNote(note string) (*Note, error) {
	sep := strings.LastIndex(note, "\n\n")
	if sep < 0 || !strings.HasSuffix(note, "\n") {
		return nil, fail("malformed note: no blank line before the signatures, or no final newline")
	}
	text := note[:sep+1]
	if err := checkText(text); err != nil {
		return nil, err
	}
	n := &Note{Text: text}
	for _, line := range strings.Split(strings.TrimSuffix(note[sep+2:], "\n"), "\n") {
		if !strings.HasPrefix(line, dash) {
			return nil, fail("malformed note: signature line does not start with an em dash")
		}
		parts := strings.Split(line[len(dash):], " ")
		if len(parts) != 2 || parts[0] == "" {
			return nil, fail("malformed note: signature line is not '— name signature'")
		}
		blob, err := base64.StdEncoding.DecodeString(parts[1])
		if err != nil {
			return nil, fail("malformed note: signature is not base64")
		}
		if len(blob) < 5 {
			return nil, fail("malformed note: signature too short")
		}
		n.Signatures = append(n.Signatures, NoteSignature{KeyName: parts[0], KeyID: blob[:4], Signature: blob[4:]})
	}
	return n, nil
}

func checkText(text string) error {
	if text == "" || !strings.HasSuffix(text, "\n") {
		return fail("malformed note: note text must end with a newline")
	}
	for _, c := range text {
		if c < 0x20 && c != '\n' {
			return fail("malformed note: note text contains a control character")
		}
	}
	return nil
}

// Verify checks that the note carries a valid Ed25519 signature by key
// (matching name and key id).
func (n *Note) Verify(key NoteKey) error {
	if key.Type != TypeEd25519 {
		return fail("key %s is not a note signing key (type %d)", key.Name, key.Type)
	}
	sawKey := false
	for _, s := range n.Signatures {
		if s.KeyName != key.Name || subtle.ConstantTimeCompare(s.KeyID, key.KeyID()) != 1 {
			continue
		}
		sawKey = true
		if len(s.Signature) == ed25519.SignatureSize && ed25519.Verify(key.PublicKey, []byte(n.Text), s.Signature) {
			return nil
		}
	}
	if sawKey {
		return fail("signature by %s does not verify", key.Name)
	}
	return fail("note is not signed by %s", key.Name)
}

// Checkpoint is a C2SP tlog-checkpoint body: origin, tree size, root hash.
type Checkpoint struct {
	Origin string
	Size   int64
	Root   []byte
}

var sizePattern = regexp.MustCompile(`^(0|[1-9][0-9]{0,18})$`)

// ParseCheckpoint reads exactly three lines: origin, decimal size without
// leading zeros, base64 root of 32 bytes (extension lines are refused, so
// one tree state has one text).
func ParseCheckpoint(text string) (Checkpoint, error) {
	lines := strings.Split(text, "\n")
	if len(lines) != 4 || lines[3] != "" {
		return Checkpoint{}, fail("checkpoint text must be exactly origin, size and root lines")
	}
	if lines[0] == "" {
		return Checkpoint{}, fail("checkpoint origin must be one non-empty line")
	}
	if !sizePattern.MatchString(lines[1]) {
		return Checkpoint{}, fail("checkpoint tree size is not a decimal without leading zeros: %s", lines[1])
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		return Checkpoint{}, fail("checkpoint tree size out of range: %s", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil {
		return Checkpoint{}, fail("checkpoint root is not base64")
	}
	if len(root) != sha256.Size {
		return Checkpoint{}, fail("checkpoint root is not 32 bytes")
	}
	return Checkpoint{Origin: lines[0], Size: size, Root: root}, nil
}

// VerifyCheckpoint verifies the note's signature by key and returns the
// checkpoint it signs; a non-empty origin must match.
func VerifyCheckpoint(note string, key NoteKey, origin string) (Checkpoint, error) {
	n, err := ParseNote(note)
	if err != nil {
		return Checkpoint{}, err
	}
	if err := n.Verify(key); err != nil {
		return Checkpoint{}, err
	}
	cp, err := ParseCheckpoint(n.Text)
	if err != nil {
		return Checkpoint{}, err
	}
	if origin != "" && cp.Origin != origin {
		return Checkpoint{}, fail("checkpoint origin is '%s', expected '%s'", cp.Origin, origin)
	}
	return cp, nil
}
