package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
)

// cmdKeygen prints a new Ed25519 seed and its public key in hex (the form
// --seed and --public-key take) and the public key in base64 (the form the
// verifier's tenant configuration holds); --out-seed also writes the seed
// to a new file readable only by its owner. --type hmac makes a secret.
func cmdKeygen(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("keygen")
	outSeed := fs.String("out-seed", "", "write the seed (hex) to this new file, mode 0600")
	typ := fs.String("type", "ed25519", "ed25519 or hmac")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noPositional(fs, pos); err != nil {
		return err
	}
	switch *typ {
	case "ed25519":
	case "hmac":
		secret := make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return failure("no randomness: %v", err)
		}
		fmt.Fprintf(stdout, "secret: %s\n", hex.EncodeToString(secret))
		return nil
	default:
		return usageErr("unknown --type %s (ed25519 or hmac)", *typ)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return failure("no randomness: %v", err)
	}
	seed := hex.EncodeToString(priv.Seed())
	if *outSeed != "" {
		f, err := os.OpenFile(*outSeed, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if errors.Is(err, os.ErrExist) {
			return usageErr("%s exists; keygen does not overwrite a key", *outSeed)
		}
		if err != nil {
			return failure("cannot write %s: %v", *outSeed, err)
		}
		_, err = fmt.Fprintln(f, seed)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(*outSeed)
			return failure("cannot write %s: %v", *outSeed, err)
		}
	}
	if *outSeed == "" { // with --out-seed the private seed goes to the file only, never to a terminal or a CI log
		fmt.Fprintf(stdout, "seed: %s\n", seed)
	}
	fmt.Fprintf(stdout, "public-key: %s\npublic-key-base64: %s\n", hex.EncodeToString(pub),
		base64.StdEncoding.EncodeToString(pub))
	return nil
}
