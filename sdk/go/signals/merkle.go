package signals

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// ChunkSize is the size of the Merkle leaves' chunks of raw bytes.
const ChunkSize = 64

// MerkleRoot is the agent's Merkle root (§7): raw cut into 64-byte chunks
// (the last may be shorter), a leaf is the lowercase hex SHA-256 of its
// chunk, a parent the hex SHA-256 of the ASCII concatenation of its
// children's hex strings, an odd last node is paired with itself; no chunks
// gives 64 zeros. (This is not the RFC 6962 tree of the audit log.)
func MerkleRoot(raw []byte) string {
	if len(raw) == 0 {
		return strings.Repeat("0", 64)
	}
	var level []string
	for i := 0; i < len(raw); i += ChunkSize {
		end := i + ChunkSize
		if end > len(raw) {
			end = len(raw)
		}
		level = append(level, hexSHA(raw[i:end]))
	}
	for len(level) > 1 {
		next := make([]string, 0, (len(level)+1)/2)
		for i := 0; i < len(level); i += 2 {
			right := level[i]
			if i+1 < len(level) {
				right = level[i+1]
			}
			next = append(next, hexSHA([]byte(level[i]+right)))
		}
		level = next
	}
	return level[0]
}

func hexSHA(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
