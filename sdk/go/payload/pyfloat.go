package payload

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// shortest returns the digits and decimal exponent of the shortest decimal
// that reads back as x (x = d.ddd × 10^exp), with the closest such decimal
// chosen on ties. strconv's shortest formatting ('e', -1) gives exactly
// that, like Python's repr (David Gay's dtoa mode 0). x must be finite and
// non-zero; the sign is not part of the digits.
func shortest(x float64) (digits string, exp int) {
	s := strconv.FormatFloat(math.Abs(x), 'e', -1, 64) // "1.2345e-05"
	mant, e, _ := strings.Cut(s, "e")
	exp, _ = strconv.Atoi(e)
	return strings.Replace(mant, ".", "", 1), exp
}

// Repr is Python's repr(float): the shortest round-tripping digits, ".0" on
// integral values, exponent form when the decimal exponent is < -4 or >= 16
// ("1e-05", "1e+16": sign always, at least two exponent digits), "-0.0" for
// negative zero. strconv.FormatFloat(x, 'g', -1, 64) is not the same: it
// switches to exponent form from 1e+06 up (123456789.0 becomes
// "1.23456789e+08") and never appends ".0".
// It panics on NaN and infinities, which no PCS may hold.
func Repr(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		panic(fmt.Sprintf("payload.Repr: not a finite number: %v", x))
	}
	if x == 0 {
		if math.Signbit(x) {
			return "-0.0"
		}
		return "0.0"
	}
	digits, exp := shortest(x)
	var b strings.Builder
	if x < 0 {
		b.WriteByte('-')
	}
	switch {
	case exp < -4 || exp >= 16:
		b.WriteByte(digits[0])
		if len(digits) > 1 {
			b.WriteByte('.')
			b.WriteString(digits[1:])
		}
		b.WriteByte('e')
		if exp < 0 {
			b.WriteByte('-')
			exp = -exp
		} else {
			b.WriteByte('+')
		}
		if exp < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.Itoa(exp))
	case exp < 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -exp-1))
		b.WriteString(digits)
	case len(digits) <= exp+1:
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", exp+1-len(digits)))
		b.WriteString(".0")
	default:
		b.WriteString(digits[:exp+1])
		b.WriteByte('.')
		b.WriteString(digits[exp+1:])
	}
	return b.String()
}

// Round9 is the contract's rounding (docs/contract.md §2 step 1, Java
// PyFloat.round9): Python's float(Decimal(repr(x)).quantize(Decimal("1e-9"),
// ROUND_HALF_UP)). It rounds the SHORTEST decimal of x half away from zero,
// not the exact binary value (0.1234567885 is 0.12345678849999… in binary
// and still rounds up to 0.123456789), and not x*1e9 (which is inexact).
// Negative results that round to zero stay -0.0, as Decimal keeps the sign.
// It panics on NaN and infinities.
func Round9(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		panic(fmt.Sprintf("payload.Round9: not a finite number: %v", x))
	}
	if x == 0 {
		return x
	}
	digits, exp := shortest(x)
	// x = D × 10^scaleExp with D the integer of the digits.
	scaleExp := exp - (len(digits) - 1)
	drop := -9 - scaleExp // decimal places beyond the ninth
	if drop <= 0 {
		return x // at most 9 decimals already: the decimal reads back as x
	}
	d, _ := new(big.Int).SetString(digits, 10)
	div := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(drop)), nil)
	q, r := new(big.Int).QuoRem(d, div, new(big.Int))
	if r.Lsh(r, 1).Cmp(div) >= 0 { // remainder >= half: away from zero
		q.Add(q, big.NewInt(1))
	}
	if q.Sign() == 0 {
		return math.Copysign(0, x)
	}
	s := q.String() + "e-9"
	if x < 0 {
		s = "-" + s
	}
	v, err := strconv.ParseFloat(s, 64) // correctly rounded, like BigDecimal.doubleValue
	if err != nil {
		panic("payload.Round9: " + err.Error()) // cannot happen: |v| <= |x| rounded up by 1e-9
	}
	return v
}
