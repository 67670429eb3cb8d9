"""Offline checks of a PCS: its signature (§2) and the verifier's decision (§4), first failing step wins."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Dict, Optional

from .dhat import DEFAULT_POLICY, Policy, budget, estimate_dhat, pcs_id, regime
from .document import SCHEMA, Pcs
from .payload import py_repr, round9, signature_payload
from .signing import Material, verifier

__all__ = ["Outcome", "decide", "verify_signature", "structure_violation", "REASON_CODES"]

#: Reason codes in the order the steps run, with whether the PCS is still accepted (steps 5–6) or rejected (1–4).
REASON_CODES = {
    "validation_failed": False,
    "dhat_recompute_failed": False,
    "dhat_out_of_tolerance": False,
    "coh_star_out_of_bounds": False,
    "regime_mismatch": True,
    "budget_deviation": True,
}

_PCS_ID = re.compile(r"[0-9a-f]{64}")
_HEX = re.compile(r"[0-9a-fA-F]+")
# DateTimeFormatter.ISO_OFFSET_DATE_TIME, which the verifier uses: seconds optional, 1–9 fraction digits, an offset.
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2})(?::(\d{2}))?)"
)


@dataclass(frozen=True)
class Outcome:
    """The decision for one PCS; ``reason_code``/``reason`` are None when it is accepted cleanly."""

    accepted: bool
    escalated: bool
    reason_code: Optional[str]
    reason: Optional[str]
    recomputed_D_hat: Optional[float]
    recomputed_budget: float
    expected_regime: Optional[str]
    policy_id: str

    @property
    def status(self) -> int:
        """The HTTP status the verifier answers: 200 when accepted and not escalated, otherwise 202."""
        return 200 if self.accepted and not self.escalated else 202

    def to_dict(self) -> Dict[str, Any]:
        """The verifier's success body fields (reason members only when there is a reason)."""
        out: Dict[str, Any] = {"accepted": self.accepted, "recomputed_D_hat": self.recomputed_D_hat,
                               "recomputed_budget": self.recomputed_budget}
        if self.reason is not None:
            out["reason"] = self.reason
        out["escalated"] = self.escalated
        if self.reason_code is not None:
            out["reason_code"] = self.reason_code
        if self.expected_regime is not None:
            out["expected_regime"] = self.expected_regime
        out["policy"] = self.policy_id
        return out


def _is_rfc3339(s: str) -> bool:
    m = _RFC3339.fullmatch(s)
    if not m:
        return False
    y, mo, d, h, mi, sec, _frac, _z, sign, oh, om, osec = m.groups()
    try:
        datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec or 0))
        if sign:
            if int(oh) > 18 or int(om) > 59 or int(osec or 0) > 59:
                return False
            if timedelta(hours=int(oh), minutes=int(om), seconds=int(osec or 0)) > timedelta(hours=18):
                return False
    except ValueError:
        return False
    return True


def structure_violation(p: Pcs, policy: Policy = DEFAULT_POLICY) -> Optional[str]:
    """The first §1 value rule the document breaks (step 1 of the decision), or None."""
    if p.schema != SCHEMA:
        return f"schema must be '{SCHEMA}'"
    if not p.version:
        return "version must not be empty"
    if not p.shard_id:
        return "shard_id must not be empty"
    if p.epoch < 0:
        return "epoch negative"
    if p.attempt is not None and p.attempt < 1:
        return "attempt must be at least 1"
    if p.sent_at is not None and not _is_rfc3339(p.sent_at):
        return "sent_at is not an RFC 3339 timestamp"
    for s in p.scales:
        if s < policy.min_scale or s > policy.max_scale:
            return f"scale {s} outside {policy.min_scale}..{policy.max_scale}"
    if p.regime not in ("sticky", "mixed", "non_sticky"):
        return "regime must be sticky, mixed or non_sticky"
    if not _HEX.fullmatch(p.merkle_root):
        return "merkle_root must be hex"
    if not _PCS_ID.fullmatch(p.pcs_id):
        return "pcs_id must be 64 lowercase hex digits"
    if p.pcs_id != pcs_id(p.merkle_root, p.epoch, p.shard_id):
        return "pcs_id mismatch"
    return None


def _flagged(code: str, reason: str, d: Optional[float], b: float, expected: Optional[str], policy: Policy) -> Outcome:
    return Outcome(REASON_CODES[code], True, code, reason, d, b, expected, policy.id)


def decide(p: Pcs, policy: Policy = DEFAULT_POLICY) -> Outcome:
    """The verifier's decision (§4) as a pure function of the document."""
    d_claimed = round9(p.D_hat)
    coh_claimed = round9(p.coh_star)
    b = budget(p.D_hat, p.coh_star, p.r, policy)
    violation = structure_violation(p, policy)
    if violation is not None:
        return _flagged("validation_failed", violation, None, b, None, policy)
    est = estimate_dhat(p.scales, p.N_j)
    if not est.ok or est.value is None:
        return _flagged("dhat_recompute_failed", est.failure or "no estimate", None, b, None, policy)
    d = est.value
    if abs(d_claimed - d) > policy.tol_d:
        return _flagged("dhat_out_of_tolerance", f"claimed D_hat {py_repr(d_claimed)} differs from recomputed "
                        f"{py_repr(d)} by more than {policy.tol_d!r}", d, b, None, policy)
    if coh_claimed < 0 or coh_claimed > 1 + policy.tol_coh:
        return _flagged("coh_star_out_of_bounds", f"coh_star {py_repr(coh_claimed)} outside "
                        f"[0, {1 + policy.tol_coh!r}]", d, b, None, policy)
    expected = regime(d_claimed, coh_claimed, policy)
    if expected != p.regime:
        return _flagged("regime_mismatch", f"regime '{p.regime}' but the signals give '{expected}'",
                        d, b, expected, policy)
    b_claimed = round9(p.budget)
    if abs(b_claimed - b) > policy.budget_tolerance:
        return _flagged("budget_deviation", f"budget {py_repr(b_claimed)} differs from {py_repr(b)} by more than "
                        f"{policy.budget_tolerance!r}", d, b, None, policy)
    return Outcome(True, False, None, None, d, b, None, policy.id)


def verify_signature(p: Pcs, alg: str, material: Material) -> bool:
    """True when ``p.sig`` verifies over the canonical payload (``material``: HMAC secret or Ed25519 public key).

    An absent or empty ``sig`` verifies only under ``none``; a ``sig`` that is not base64 is simply False.
    """
    v = verifier(alg, material)
    if v.alg == "none":
        return True
    if not p.has_signature:
        return False
    return v.verify(signature_payload(p.signed_fields()), p.sig)

