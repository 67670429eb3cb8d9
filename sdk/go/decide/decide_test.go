package decide

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/fractal-lba/sdk-go/internal/golden"
	"github.com/fractal-lba/sdk-go/pcs"
	"github.com/fractal-lba/sdk-go/signals"
)

// TestVerifyVectors: every case of contract/golden/verify-vectors.json gets
// the expected status, flags, reason code, recomputed values and detail.
func TestVerifyVectors(t *testing.T) {
	var v struct {
		Constants map[string]float64 `json:"constants"`
		Cases     []struct {
			Name   string          `json:"name"`
			PCS    json.RawMessage `json:"pcs"`
			Status int             `json:"expect_status"`
			Expect struct {
				Accepted       bool     `json:"accepted"`
				Escalated      bool     `json:"escalated"`
				ReasonCode     string   `json:"reason_code"`
				DHat           *float64 `json:"recomputed_D_hat"`
				Budget         *float64 `json:"recomputed_budget"`
				ExpectedRegime string   `json:"expected_regime"`
				Detail         string   `json:"detail"`
			} `json:"expect"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(golden.Read("verify-vectors.json"), &v); err != nil {
		t.Fatal(err)
	}
	p := signals.DefaultV1
	for k, want := range map[string]float64{"tolD": p.TolD, "tolCoh": p.TolCoh, "alpha": p.Alpha, "beta": p.Beta,
		"gamma": p.Gamma, "base": p.Base, "D0": p.D0, "budget_tolerance": p.BudgetTolerance,
		"sticky_coh_min": p.StickyCohMin, "sticky_dhat_max": p.StickyDHatMax, "non_sticky_dhat_min": p.NonStickyDHatMin} {
		if got, ok := v.Constants[k]; !ok || got != want {
			t.Errorf("constant %s: vectors %v, policy %v", k, got, want)
		}
	}
	if len(v.Cases) < 20 {
		t.Fatalf("only %d cases", len(v.Cases))
	}
	for _, c := range v.Cases {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			d, err := pcs.Parse(c.PCS)
			if err != nil {
				t.Fatal(err)
			}
			o := Decide(d)
			e := c.Expect
			if o.HTTPStatus() != c.Status || o.Accepted != e.Accepted || o.Escalated != e.Escalated || o.ReasonCode != e.ReasonCode {
				t.Fatalf("got %d %+v", o.HTTPStatus(), o)
			}
			if e.DHat != nil && (o.RecomputedDHat == nil || *o.RecomputedDHat != *e.DHat) {
				t.Fatalf("recomputed D_hat %v, want %v", o.RecomputedDHat, *e.DHat)
			}
			if e.Budget != nil && o.RecomputedBudget != *e.Budget {
				t.Fatalf("recomputed budget %v, want %v", o.RecomputedBudget, *e.Budget)
			}
			if o.ExpectedRegime != e.ExpectedRegime {
				t.Fatalf("expected regime %q, want %q", o.ExpectedRegime, e.ExpectedRegime)
			}
			if !strings.Contains(o.Reason, e.Detail) {
				t.Fatalf("reason %q lacks %q", o.Reason, e.Detail)
			}
			if o.PolicyID != "default@1" {
				t.Fatal(o.PolicyID)
			}
		})
	}
}

// TestAgentFilesAccepted: pcs_tiny_case_{1,2}.json are accepted with 200.
func TestAgentFilesAccepted(t *testing.T) {
	for _, n := range []string{"1", "2"} {
		d, err := pcs.Parse(golden.Read("pcs_tiny_case_" + n + ".json"))
		if err != nil {
			t.Fatal(err)
		}
		if o := Decide(d); o.HTTPStatus() != 200 || o.ReasonCode != "" {
			t.Errorf("case %s: %+v", n, o)
		}
	}
}

func TestStructureRules(t *testing.T) {
	base, err := pcs.Parse(golden.Read("pcs_tiny_case_1.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		change func(d *pcs.Document)
		want   string
	}{
		{func(d *pcs.Document) { d.Version = "" }, "version must not be empty"},
		{func(d *pcs.Document) { d.ShardID = "" }, "shard_id must not be empty"},
		{func(d *pcs.Document) { a := int64(0); d.Attempt = &a }, "attempt must be at least 1"},
		{func(d *pcs.Document) { s := "2025-02-30T00:00:00Z"; d.SentAt = &s }, "sent_at"},
		{func(d *pcs.Document) { s := "yesterday"; d.SentAt = &s }, "sent_at"},
		{func(d *pcs.Document) { d.Scales = []int64{2, 2048} }, "scale 2048 outside 1..1024"},
		{func(d *pcs.Document) { d.Regime = "Sticky" }, "regime must be"},
		{func(d *pcs.Document) { d.MerkleRoot = "xyz" }, "merkle_root must be hex"},
		{func(d *pcs.Document) { d.PcsID = strings.ToUpper(d.PcsID) }, "64 lowercase hex"},
	} {
		d := *base
		c.change(&d)
		if o := Decide(&d); o.ReasonCode != ValidationFailed || o.Reason != c.want && !strings.Contains(o.Reason, c.want) {
			t.Errorf("%q: %+v", c.want, o)
		}
	}
	for _, ok := range []string{"2025-01-19T12:00:00Z", "2025-01-19T12:00Z", "2024-02-29T23:59:59.123456789+05:30", "2025-01-19T12:00:00-00:00"} {
		if !isRFC3339(ok) {
			t.Errorf("%s refused", ok)
		}
	}
	for _, bad := range []string{"2025-01-19 12:00:00Z", "2025-13-01T00:00:00Z", "2025-01-19T24:00:00Z", "2025-01-19T12:00:00", "2025-01-19T12:00:00+19:00"} {
		if isRFC3339(bad) {
			t.Errorf("%s accepted", bad)
		}
	}
}
