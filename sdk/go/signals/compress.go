package signals

import (
	"github.com/fractal-lba/sdk-go/payload"
	"github.com/fractal-lba/sdk-go/zlibref"
)

// Compressibility is r = len(zlib(raw)) / len(raw), rounded to 9 decimals,
// where zlib is the reference zlib's deflate at level 6 with its header and
// Adler-32 trailer (Python's zlib.compress(raw, 6)). It uses zlibref, a port
// of that algorithm: Go's compress/zlib produces other lengths (19 of the 19
// inputs of zlib-vectors.json differ) and so another r. An empty raw gives 0.
func Compressibility(raw []byte) float64 {
	if len(raw) == 0 {
		return 0.0
	}
	return payload.Round9(float64(zlibref.CompressedLen(raw)) / float64(len(raw)))
}
