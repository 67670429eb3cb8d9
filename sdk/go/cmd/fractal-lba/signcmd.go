package main

import (
	"fmt"
	"io"

	"github.com/fractal-lba/sdk-go/pcs"
)

// cmdSign (re)signs a PCS file, in place unless --out is given. The file is
// rewritten in the canonical member order (unknown members are dropped, as
// the Java CLI does).
func cmdSign(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sign")
	in := fs.String("in", "", "PCS file")
	out := fs.String("out", "", "output file (default: overwrite --in)")
	var keys keyFlags
	keys.register(fs, false)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	keys.given(fs)
	if err := noPositional(fs, pos); err != nil {
		return err
	}
	if err := required(fs, "in", *in); err != nil {
		return err
	}
	signer, err := keys.signer(false)
	if err != nil {
		return err
	}
	body, err := readInput(*in)
	if err != nil {
		return err
	}
	doc, err := pcs.Parse(body)
	if err != nil {
		return usageErr("%s: not a valid PCS: %v", *in, err)
	}
	signed := doc.WithSignature(signer.Sign(doc.Payload()))
	target := *out
	if target == "" {
		target = *in
	}
	if err := writeAtomically(target, pcs.Marshal(signed), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (pcs_id %s)\n", target, doc.PcsID)
	return nil
}
