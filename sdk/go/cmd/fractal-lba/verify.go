package main

import (
	"fmt"
	"io"

	"github.com/fractal-lba/sdk-go/decide"
	"github.com/fractal-lba/sdk-go/pcs"
	"github.com/fractal-lba/sdk-go/sign"
)

// cmdVerify checks a PCS offline: strict parsing, the signature, and the
// verifier's §4 decision. Exit 0 when the signature verifies, 1 when it does
// not, 2 when the file is not a PCS or the key is unusable (as the Java
// verify-sig command).
func cmdVerify(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("verify")
	in := fs.String("in", "", "PCS file")
	var keys keyFlags
	keys.register(fs, true)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	keys.given(fs)
	if *in == "" && len(pos) == 1 { // the Java CLI takes the file as an argument
		*in, pos = pos[0], nil
	}
	if err := noPositional(fs, pos); err != nil {
		return err
	}
	if err := required(fs, "in", *in); err != nil {
		return err
	}
	verifier, alg, err := keys.verifier()
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
	ok := alg == sign.None || (doc.HasSignature() && verifier.Verify(doc.Payload(), *doc.Sig))
	o := decide.Decide(doc)
	state := "INVALID"
	switch {
	case alg == sign.None:
		state = "not checked (alg none)"
	case ok:
		state = "OK"
	}
	detail := " (accepted)"
	if o.ReasonCode != "" {
		detail = " (" + o.ReasonCode + ": " + o.Reason + ")"
	}
	fmt.Fprintf(stdout, "%s: signature %s; decision: status %d%s\n", *in, state, o.HTTPStatus(), detail)
	if !ok {
		return &cliError{code: exitFailure}
	}
	return nil
}
