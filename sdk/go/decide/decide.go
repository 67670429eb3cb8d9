// Package decide is the verifier's decision (docs/contract.md §4) as a pure
// function, so an agent can see offline what the verifier will answer: the
// first failing step decides; steps 1–4 reject and escalate, steps 5–6
// accept and escalate.
package decide

import (
	"math"
	"strconv"

	"github.com/fractal-lba/sdk-go/payload"
	"github.com/fractal-lba/sdk-go/pcs"
	"github.com/fractal-lba/sdk-go/signals"
)

// Reason codes in the order the steps run.
const (
	ValidationFailed    = "validation_failed"
	DHatRecomputeFailed = "dhat_recompute_failed"
	DHatOutOfTolerance  = "dhat_out_of_tolerance"
	CohStarOutOfBounds  = "coh_star_out_of_bounds"
	RegimeMismatch      = "regime_mismatch"
	BudgetDeviation     = "budget_deviation"
)

// Outcome is the decision for one PCS. ReasonCode and Reason are empty when
// accepted cleanly; RecomputedDHat is nil when the recompute did not run;
// ExpectedRegime is set on a regime mismatch.
type Outcome struct {
	Accepted         bool
	Escalated        bool
	ReasonCode       string
	Reason           string
	RecomputedDHat   *float64
	RecomputedBudget float64
	ExpectedRegime   string
	PolicyID         string
}

// HTTPStatus is 200 when accepted and not escalated, otherwise 202 (§5).
func (o Outcome) HTTPStatus() int {
	if o.Accepted && !o.Escalated {
		return 200
	}
	return 202
}

// Decide runs the §4 steps with policy default@1.
func Decide(d *pcs.Document) Outcome {
	return DecideWith(d, signals.DefaultV1)
}

// DecideWith runs the §4 steps with policy p.
func DecideWith(d *pcs.Document, p signals.Policy) Outcome {
	dClaimed := payload.Round9(d.DHat)
	cohClaimed := payload.Round9(d.CohStar)
	budget := signals.Budget(d.DHat, d.CohStar, d.R, p)
	flag := func(code, reason string, dHat *float64, expected string) Outcome {
		accepted := code == RegimeMismatch || code == BudgetDeviation
		return Outcome{Accepted: accepted, Escalated: true, ReasonCode: code, Reason: reason,
			RecomputedDHat: dHat, RecomputedBudget: budget, ExpectedRegime: expected, PolicyID: p.ID()}
	}

	if v := firstViolation(d, p); v != "" {
		return flag(ValidationFailed, v, nil, "")
	}
	dHat, err := signals.DHat(d.Scales, d.NjMap())
	if err != nil {
		return flag(DHatRecomputeFailed, err.Error(), nil, "")
	}
	if math.Abs(dClaimed-dHat) > p.TolD {
		return flag(DHatOutOfTolerance, "claimed D_hat "+payload.Repr(dClaimed)+" differs from recomputed "+
			payload.Repr(dHat)+" by more than "+javaDouble(p.TolD), &dHat, "")
	}
	if cohClaimed < 0 || cohClaimed > 1+p.TolCoh {
		return flag(CohStarOutOfBounds, "coh_star "+payload.Repr(cohClaimed)+" outside [0, "+javaDouble(1+p.TolCoh)+"]",
			&dHat, "")
	}
	if expected := signals.Regime(dClaimed, cohClaimed, p); expected != d.Regime {
		return flag(RegimeMismatch, "regime '"+d.Regime+"' but the signals give '"+expected+"'", &dHat, expected)
	}
	if budgetClaimed := payload.Round9(d.Budget); math.Abs(budgetClaimed-budget) > p.BudgetTolerance {
		return flag(BudgetDeviation, "budget "+payload.Repr(budgetClaimed)+" differs from "+payload.Repr(budget)+
			" by more than "+javaDouble(p.BudgetTolerance), &dHat, "")
	}
	return Outcome{Accepted: true, RecomputedDHat: &dHat, RecomputedBudget: budget, PolicyID: p.ID()}
}

// javaDouble writes a policy constant as the verifier's messages do (Java
// Double.toString: shortest digits, no exponent in this range).
func javaDouble(x float64) string {
	return strconv.FormatFloat(x, 'f', -1, 64)
}
