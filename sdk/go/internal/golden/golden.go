// Package golden locates the repository's contract vectors for tests. The
// vectors live in ../../contract/golden relative to the SDK root and are read
// in place, never copied, so a regenerated vector is picked up at once.
package golden

import (
	"os"
	"path/filepath"
	"runtime"
)

// Dir is the absolute path of contract/golden.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	// file is sdk/go/internal/golden/golden.go.
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "..", "contract", "golden")
}

// Path joins name onto Dir.
func Path(name ...string) string {
	return filepath.Join(append([]string{Dir()}, name...)...)
}

// Read returns the bytes of a golden file or panics: a missing vector is a
// broken checkout, not a test outcome.
func Read(name ...string) []byte {
	b, err := os.ReadFile(Path(name...))
	if err != nil {
		panic(err)
	}
	return b
}
