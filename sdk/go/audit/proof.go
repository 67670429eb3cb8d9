package audit

import (
	"crypto/sha256"
	"crypto/subtle"
	"math/bits"
)

// LeafHash is RFC 6962's SHA-256(0x00 ‖ leaf); a log leaf is the exact
// UTF-8 text of its canonical JSON entry.
func LeafHash(leaf []byte) []byte {
	h := sha256.New()
	h.Write([]byte{0x00})
	h.Write(leaf)
	return h.Sum(nil)
}

// NodeHash is RFC 6962's SHA-256(0x01 ‖ left ‖ right).
func NodeHash(left, right []byte) []byte {
	h := sha256.New()
	h.Write([]byte{0x01})
	h.Write(left)
	h.Write(right)
	return h.Sum(nil)
}

// VerifyInclusion checks an RFC 9162 §2.1.3.2 inclusion proof (audit path,
// leaf side first) of the leaf with hash leafHash at index in a tree of size
// leaves against root.
func VerifyInclusion(index, size int64, leafHash []byte, proof [][]byte, root []byte) error {
	if index < 0 || index >= size {
		return fail("leaf index %d is outside a tree of size %d", index, size)
	}
	if err := checkHashes(proof); err != nil {
		return err
	}
	fn, sn := index, size-1
	r := leafHash
	for _, p := range proof {
		if sn == 0 {
			return fail("inclusion proof is longer than a tree of size %d allows", size)
		}
		if fn&1 == 1 || fn == sn {
			r = NodeHash(p, r)
			if fn&1 == 0 {
				for fn&1 == 0 && fn != 0 {
					fn >>= 1
					sn >>= 1
				}
			}
		} else {
			r = NodeHash(r, p)
		}
		fn >>= 1
		sn >>= 1
	}
	if sn != 0 {
		return fail("inclusion proof is shorter than a tree of size %d needs", size)
	}
	if subtle.ConstantTimeCompare(r, root) != 1 {
		return fail("inclusion proof of leaf %d does not lead to the root of size %d", index, size)
	}
	return nil
}

// VerifyConsistency checks an RFC 9162 §2.1.4.2 consistency proof that the
// tree of size first (root firstRoot) is a prefix of the tree of size second.
func VerifyConsistency(first, second int64, firstRoot, secondRoot []byte, proof [][]byte) error {
	if first <= 0 || first > second {
		return fail("no consistency proof exists from size %d to size %d", first, second)
	}
	if err := checkHashes(proof); err != nil {
		return err
	}
	if first == second {
		if len(proof) != 0 {
			return fail("consistency proof between equal sizes must be empty")
		}
		if subtle.ConstantTimeCompare(firstRoot, secondRoot) != 1 {
			return fail("two different roots for the same tree size %d", first)
		}
		return nil
	}
	if len(proof) == 0 {
		return fail("empty consistency proof from size %d to size %d", first, second)
	}
	path := proof
	if bits.OnesCount64(uint64(first)) == 1 {
		path = append([][]byte{firstRoot}, proof...)
	}
	fn, sn := first-1, second-1
	for fn&1 == 1 {
		fn >>= 1
		sn >>= 1
	}
	fr, sr := path[0], path[0]
	for _, c := range path[1:] {
		if sn == 0 {
			return fail("consistency proof is longer than sizes %d → %d allow", first, second)
		}
		if fn&1 == 1 || fn == sn {
			fr = NodeHash(c, fr)
			sr = NodeHash(c, sr)
			if fn&1 == 0 {
				for fn&1 == 0 && fn != 0 {
					fn >>= 1
					sn >>= 1
				}
			}
		} else {
			sr = NodeHash(sr, c)
		}
		fn >>= 1
		sn >>= 1
	}
	if sn != 0 {
		return fail("consistency proof is shorter than sizes %d → %d need", first, second)
	}
	if subtle.ConstantTimeCompare(fr, firstRoot) != 1 {
		return fail("consistency proof does not reproduce the root of size %d", first)
	}
	if subtle.ConstantTimeCompare(sr, secondRoot) != 1 {
		return fail("consistency proof does not reproduce the root of size %d", second)
	}
	return nil
}

func checkHashes(proof [][]byte) error {
	for _, p := range proof {
		if len(p) != sha256.Size {
			return fail("proof hash of wrong length")
		}
	}
	return nil
}

// VerifyLogged is the agent's whole check: the checkpoint note is signed by
// key (and names origin, when given), the tree it signs holds index, and the
// proof leads from leaf (the exact entry text) to its root. It returns the
// verified checkpoint.
func VerifyLogged(note string, key NoteKey, origin string, index int64, leaf []byte, proof [][]byte) (Checkpoint, error) {
	cp, err := VerifyCheckpoint(note, key, origin)
	if err != nil {
		return Checkpoint{}, err
	}
	return cp, VerifyInclusion(index, cp.Size, LeafHash(leaf), proof, cp.Root)
}
