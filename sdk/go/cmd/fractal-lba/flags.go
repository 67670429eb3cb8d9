package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/fractal-lba/sdk-go/sign"
)

// newFlags makes a flag set whose errors are returned (exit 2), not printed
// with the whole flag list.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses flags and positional arguments in any order (flag stops at
// the first positional one; "submit a.json --url U" must work too).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, usageErr("usage: fractal-lba %s [flags]; see fractal-lba help", fs.Name())
			}
			return nil, usageErr("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// int64Flag reads a decimal 64-bit integer as every SDK's CLI does (ASCII
// digits and an optional '-', surrounding spaces ignored), refusing "1.5",
// "1e3", "0x10" and "+5".
func int64Flag(name, text string) (int64, error) {
	t := strings.TrimSpace(text)
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil || strings.HasPrefix(t, "+") {
		return 0, usageErr("--%s must be a decimal integer (64-bit), got %q", name, text)
	}
	return v, nil
}

// scalesFlag reads "2,4,8,16": distinct decimal integers in 1..1024.
func scalesFlag(text string) ([]int64, error) {
	var out []int64
	seen := map[int64]bool{}
	for _, part := range strings.Split(text, ",") {
		p := strings.TrimSpace(part)
		s, err := strconv.ParseInt(p, 10, 64)
		if err != nil || strings.HasPrefix(p, "+") {
			return nil, usageErr("--scales must be comma-separated integers in 1..1024, got %q", text)
		}
		if s < 1 || s > 1024 {
			return nil, usageErr("--scales must lie in 1..1024, was %d", s)
		}
		if seen[s] {
			return nil, usageErr("--scales lists %d twice", s)
		}
		seen[s] = true
		out = append(out, s)
	}
	if len(out) < 2 {
		return nil, usageErr("--scales needs at least 2 scales, got %q", text)
	}
	return out, nil
}

// keyFlags are the key options shared by build, sign and verify.
type keyFlags struct {
	alg, secret, seed, publicKey string
	set                          map[string]bool
}

func (k *keyFlags) register(fs *flag.FlagSet, verify bool) {
	fs.StringVar(&k.alg, "alg", "", "hmac, hmac-legacy, ed25519 or none")
	fs.StringVar(&k.secret, "secret", "", "HMAC secret (or PCS_HMAC_SECRET with --alg)")
	fs.StringVar(&k.seed, "seed", "", "Ed25519 seed, 64 hex digits or base64 (or PCS_ED25519_SEED with --alg)")
	if verify {
		fs.StringVar(&k.publicKey, "public-key", "", "Ed25519 public key, 64 hex digits or base64")
	}
}

func (k *keyFlags) given(fs *flag.FlagSet) {
	k.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { k.set[f.Name] = true })
}

// algorithm is --alg, or, when it is absent, the one the key implies
// (--seed or --public-key: ed25519; --secret: hmac, the Java CLI's default).
// ok is false when there is neither.
func (k *keyFlags) algorithm() (alg sign.Alg, ok bool, err error) {
	switch {
	case k.set["alg"]:
		a, err := sign.ParseAlg(k.alg)
		if err != nil {
			return "", false, usageErr("--alg: %v", err)
		}
		return a, true, nil
	case k.set["secret"]:
		return sign.HMAC, true, nil
	case k.set["seed"] || k.set["public-key"]:
		return sign.Ed25519, true, nil
	}
	return "", false, nil
}

func (k *keyFlags) secretBytes() ([]byte, error) {
	s := k.secret
	if !k.set["secret"] {
		s = os.Getenv("PCS_HMAC_SECRET")
	}
	if s == "" {
		return nil, usageErr("an HMAC key is needed: --secret or PCS_HMAC_SECRET")
	}
	return []byte(s), nil
}

func (k *keyFlags) seedBytes() ([]byte, error) {
	s := k.seed
	if !k.set["seed"] {
		s = os.Getenv("PCS_ED25519_SEED")
	}
	if s == "" {
		return nil, usageErr("an Ed25519 seed is needed: --seed or PCS_ED25519_SEED")
	}
	b, err := sign.DecodeKey32("--seed", s)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return b, nil
}

// signer returns the signer the flags name, or nil (unsigned) when neither
// --alg nor a key was given and unsigned is allowed.
func (k *keyFlags) signer(allowUnsigned bool) (sign.Signer, error) {
	alg, ok, err := k.algorithm()
	if err != nil {
		return nil, err
	}
	if !ok {
		if allowUnsigned {
			return nil, nil
		}
		return nil, usageErr("a key is needed: --alg with --secret or --seed")
	}
	var material []byte
	switch alg {
	case sign.HMAC, sign.HMACLegacy:
		material, err = k.secretBytes()
	case sign.Ed25519:
		material, err = k.seedBytes()
	}
	if err != nil {
		return nil, err
	}
	s, err := sign.NewSigner(alg, material)
	if err != nil {
		return nil, usageErr("%v", err)
	}
	return s, nil
}

func (k *keyFlags) verifier() (sign.Verifier, sign.Alg, error) {
	alg, ok, err := k.algorithm()
	if err != nil {
		return nil, "", err
	}
	if !ok {
		return nil, "", usageErr("a key is needed: --alg with --secret, --public-key or --seed")
	}
	var material []byte
	switch alg {
	case sign.HMAC, sign.HMACLegacy:
		material, err = k.secretBytes()
	case sign.Ed25519:
		if k.set["public-key"] {
			material, err = sign.DecodeKey32("--public-key", k.publicKey)
			if err != nil {
				err = usageErr("%v", err)
			}
		} else {
			var seed []byte
			if seed, err = k.seedBytes(); err == nil {
				material, err = sign.PublicKey(seed)
			}
		}
	}
	if err != nil {
		return nil, "", err
	}
	v, err := sign.NewVerifier(alg, material)
	if err != nil {
		return nil, "", usageErr("%v", err)
	}
	return v, alg, nil
}

// readInput reads a file named on the command line; a missing or unreadable
// file is bad input (exit 2).
func readInput(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, usageErr("no such file: %s", path)
	case errors.Is(err, os.ErrPermission):
		return nil, usageErr("cannot read %s: permission denied", path)
	case err != nil:
		return nil, usageErr("cannot read %s: %v", path, err)
	}
	return b, nil
}

// writeAtomically replaces path with data through a synced temporary file in
// the same directory, so a failure never leaves a partial file behind.
func writeAtomically(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return failure("cannot write %s: %v", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return failure("cannot write %s: %v", path, err)
	}
	return nil
}

func required(fs *flag.FlagSet, name, value string) error {
	if value == "" {
		return usageErr("%s: --%s is required", fs.Name(), name)
	}
	return nil
}

func noPositional(fs *flag.FlagSet, pos []string) error {
	if len(pos) > 0 {
		return usageErr("%s: unexpected argument %q", fs.Name(), pos[0])
	}
	return nil
}
