// Package pyref runs python3 for differential tests: the contract's number
// formatting is Python's, so CPython is the reference to compare with. Tests
// that use it are skipped when python3 is not installed.
package pyref

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// Run executes script with stdin as its standard input and returns its
// standard output split into lines. It skips t without python3.
func Run(t testing.TB, script string, stdin []byte) []string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderr.String())
	}
	return strings.Split(strings.TrimRight(string(out), "\n"), "\n")
}
