// Command fractal-lba is the Go SDK's command line, the same in every SDK of
// the project (the cross-SDK end-to-end test drives it):
//
//	fractal-lba build   --in trace.csv [--out pcs.json] [--shard S] [--epoch N] [--scales 2,4,8,16]
//	                    [--rng-seed N] [--alg hmac|hmac-legacy|ed25519|none] [--secret TEXT | --seed HEX64]
//	fractal-lba sign    --in pcs.json [--out signed.json] --alg ... (--secret TEXT | --seed HEX64)
//	fractal-lba verify  --in pcs.json --alg ... (--secret TEXT | --public-key HEX64 | --seed HEX64)
//	fractal-lba submit  [--url URL] [--tenant T] [--key-id K] [--outbox DIR] [--max-attempts 8] file...
//	fractal-lba keygen  [--out-seed FILE] [--type ed25519|hmac]
//
// Exit codes: 0 ok, 1 a server or I/O failure (or, for verify, a signature
// that does not verify), 2 bad input or usage, with one message on stderr
// and never a partial or wrong PCS written.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// cliError carries the exit code of a failure with its message.
type cliError struct {
	code int
	msg  string
}

func (e *cliError) Error() string { return e.msg }

func usageErr(format string, a ...any) error {
	return &cliError{exitUsage, fmt.Sprintf(format, a...)}
}

func failure(format string, a ...any) error {
	return &cliError{exitFailure, fmt.Sprintf(format, a...)}
}

const usage = `usage: fractal-lba <command> [flags]

commands:
  build   --in trace.csv [--out pcs.json] [--shard shard-0] [--epoch 1] [--scales 2,4,8,16] [--rng-seed 42]
          [--alg hmac|hmac-legacy|ed25519|none] [--secret TEXT | --seed HEX64]
  sign    --in pcs.json [--out signed.json] [--alg ...] (--secret TEXT | --seed HEX64)
  verify  --in pcs.json [--alg ...] (--secret TEXT | --public-key HEX64 | --seed HEX64)
  submit  [--url http://127.0.0.1:8080] [--tenant T] [--key-id K] [--outbox DIR] [--max-attempts 8] file-or-dir...
  keygen  [--out-seed FILE] [--type ed25519|hmac]

Secrets may also come from PCS_HMAC_SECRET / PCS_ED25519_SEED when --alg is given.
Exit codes: 0 ok, 1 server or I/O failure (verify: bad signature), 2 bad input or usage.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns its exit code; tests call it directly.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		// A bug must still end in one line and exit 2, not a stack trace.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "error: internal error: %v\n", r)
			code = exitUsage
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmds := map[string]func([]string, io.Writer, io.Writer) error{
		"build": cmdBuild, "sign": cmdSign, "verify": cmdVerify, "submit": cmdSubmit, "keygen": cmdKeygen,
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "error: unknown command %q\n%s", args[0], usage)
		return exitUsage
	}
	err := cmd(args[1:], stdout, stderr)
	if err == nil {
		return exitOK
	}
	var ce *cliError
	if errors.As(err, &ce) {
		if ce.msg != "" {
			fmt.Fprintln(stderr, "error: "+ce.msg)
		}
		return ce.code
	}
	fmt.Fprintln(stderr, "error: "+err.Error())
	return exitUsage
}
