package main

import (
	"fmt"
	"io"

	"github.com/fractal-lba/sdk-go/payload"
	"github.com/fractal-lba/sdk-go/pcs"
	"github.com/fractal-lba/sdk-go/signals"
)

// cmdBuild: the signals of a CSV trace, as a PCS (signed when a key is
// given). Defaults and flag meanings are the Java BuildCommand's.
func cmdBuild(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build")
	in := fs.String("in", "", "CSV trace (timestamp,x,y,z with a header row)")
	out := fs.String("out", "", "output file (default: standard output)")
	shard := fs.String("shard", "shard-0", "shard_id")
	epochText := fs.String("epoch", "1", "epoch, an integer >= 0")
	scalesText := fs.String("scales", "2,4,8,16", "box-counting scales")
	seedText := fs.String("rng-seed", "42", "seed of the coh★ directions (signed 64-bit)")
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
	epoch, err := int64Flag("epoch", *epochText)
	if err != nil {
		return err
	}
	if epoch < 0 {
		return usageErr("--epoch must be ≥ 0, was %d", epoch)
	}
	scales, err := scalesFlag(*scalesText)
	if err != nil {
		return err
	}
	seed, err := int64Flag("rng-seed", *seedText)
	if err != nil {
		return err
	}
	signer, err := keys.signer(true)
	if err != nil {
		return err
	}
	csv, err := readInput(*in)
	if err != nil {
		return err
	}
	trace, err := signals.ParseTrace(csv)
	if err != nil {
		return usageErr("%s: %v", *in, err)
	}
	doc, err := pcs.Build(trace, pcs.BuildParams{ShardID: *shard, Epoch: epoch, Scales: scales, Seed: seed}, signer)
	if err != nil {
		return usageErr("%v", err)
	}
	text := pcs.Marshal(doc)
	if *out == "" {
		_, err := fmt.Fprintf(stdout, "%s\n", text)
		return err
	}
	if err := writeAtomically(*out, text, 0o644); err != nil {
		return err
	}
	signed := "unsigned"
	if doc.HasSignature() {
		signed = "signed"
	}
	fmt.Fprintf(stderr, "wrote %s (pcs_id %s, D_hat %s, regime %s, %s)\n", *out, doc.PcsID, payload.Repr(doc.DHat), doc.Regime, signed)
	return nil
}
