// Python's float formatting, which the signed payload and the PCS file use (docs/contract.md §2 steps 1 and 3).
//
// JavaScript's Number#toString gives the same shortest round-trip digits as Python's repr (both pick, among the
// shortest, the decimal closest to the double), but formats them differently: JS writes "1e-7" and "1e+21" and
// switches to exponent form at 1e21 and below 1e-6; Python writes "1e-07" and "1e+16", switching at 1e16 and below
// 1e-4, and keeps ".0" on integral values. So the digits come from toExponential() and the layout is Python's.

/** The shortest round-trip decimal of a finite non-zero |x|: digits without leading/trailing zeros and exponent. */
function shortest(x: number): { digits: string; exp: number } {
  const e = Math.abs(x).toExponential(); // "d.ddde±n", shortest digits (ECMA-262 Number::toString rules)
  const at = e.indexOf("e");
  const digits = e.slice(0, at).replace(".", "").replace(/0+$/, "") || "0";
  return { digits, exp: parseInt(e.slice(at + 1), 10) };
}

function requireFinite(x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
}

/** Python's repr(float): shortest digits, ".0" on integral values, exponent form outside [1e-4, 1e16). */
export function pyRepr(x: number): string {
  requireFinite(x);
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const { digits, exp } = shortest(x);
  if (exp < -4 || exp >= 16) {
    const mant = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    const abs = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/**
 * round9: Decimal(repr(x)).quantize(Decimal("1e-9"), ROUND_HALF_UP) read back as a double — half up (away from
 * zero) on the shortest decimal, not on the binary value, so 0.1234567885 (binary just below the tie) gives
 * 0.123456789. Keeps the sign of zero as Python's Decimal does.
 */
export function round9(x: number): number {
  requireFinite(x);
  if (x === 0) return x;
  const { digits, exp } = shortest(x);
  const decimals = digits.length - 1 - exp; // x = digits × 10^-decimals
  if (decimals <= 9) return x;
  const cut = digits.length - (decimals - 9); // digits kept; ≤ 0 when |x| < 1e-9
  let q = cut > 0 ? BigInt(digits.slice(0, cut)) : 0n;
  // Half up: the first dropped digit decides (Decimal's ROUND_HALF_UP on the shortest repr).
  const first = cut >= 0 ? digits[cut] : "0";
  if (first >= "5") q += 1n;
  const rounded = Number(`${q}e-9`);
  const signed = x < 0 ? -rounded : rounded;
  return signed === 0 ? (x < 0 ? -0 : 0) : signed;
}

/**
 * Python's f"{t:.9f}": the exact binary value of t rounded half even to 9 decimals, plain notation, the sign kept
 * even when the result is zero ("-0.000000000"). Number#toFixed rounds ties up and switches to exponent form at
 * 1e21, so this works on the exact value: t = m · 2^e with integers, scaled by 10^9 in BigInt arithmetic.
 */
export function fixed9(t: number): string {
  requireFinite(t);
  const negative = t < 0 || Object.is(t, -0);
  const [mant, exp2] = decompose(Math.abs(t));
  // |t| · 10^9 = mant · 10^9 · 2^exp2, rounded half even to an integer.
  const scaled = mant * 1_000_000_000n;
  let q: bigint;
  if (exp2 >= 0) {
    q = scaled << BigInt(exp2);
  } else {
    const shift = BigInt(-exp2);
    q = scaled >> shift;
    const rem = scaled - (q << shift);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  }
  const s = q.toString().padStart(10, "0");
  return `${negative ? "-" : ""}${s.slice(0, s.length - 9)}.${s.slice(s.length - 9)}`;
}

/** |x| = mant · 2^exp exactly, for finite x ≥ 0. */
function decompose(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return [frac, -1074];
  return [frac | (1n << 52n), biased - 1075];
}

/** Java's Math.getExponent for finite non-zero normal doubles: the unbiased binary exponent. */
export function binaryExponent(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const biased = (view.getUint32(0) >>> 20) & 0x7ff;
  return biased === 0 ? -1023 : biased - 1023;
}
