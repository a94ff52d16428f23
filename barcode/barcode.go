// Package barcode normalises GS1 barcodes (UPC-A, EAN-13, EAN-8, GTIN-14) to
// the 14-digit GTIN that BakeTracker stores as a product's gtin14.
//
// Why: barcodes reach us as text typed, scanned or exported by the desktop
// app, and that text is unreliable. The export stores them as numbers turned
// back into strings, so leading zeros are lost (UPC 071012010615 appears as
// "71012010615"); people type spaces and dashes; and many values are simply
// wrong (docs/import.md §9 H8: half the exported GTINs fail the check
// digit). Products are matched on gtin14, unique per tenant, so only a code
// whose GS1 check digit holds may become a gtin14; anything else stays as raw,
// unverified text with a reason the user can read. Barcodes are always
// handled as strings of ASCII digits — never parsed to an integer, which would
// drop the leading zeros that are part of the code.
//
// # The padding rule
//
// After removing whitespace and dashes, a code of 8 to 14 ASCII digits is
// left-padded with zeros to 14 digits. The 14th digit is the check digit; it
// must equal the GS1 mod-10 check digit of the 13 digits before it, computed
// with weights 3, 1, 3, 1, … starting from the LEFT of those 13 digits (that
// is, the digit next to the check digit has weight 3).
//
// Padding never changes the check: leading zeros add nothing to the weighted
// sum and the weights are anchored at the check digit. So an EAN-8, a UPC-A
// (12 digits), an EAN-13 and a GTIN-14 all validate in their 14-digit form
// exactly as in their native one, and a UPC-A that lost one, two or three
// leading zeros (11, 10 or 9 digits) validates as the UPC-A it was — padding
// to 12, 13 or 14 digits gives the same answer, so there is nothing to guess.
// Codes shorter than 8 digits are rejected (no GTIN is that short; such
// numbers are store SKUs or PLUs), as are codes of all zeros (they pass the
// check arithmetically but are never issued, and would make every junk value
// collide on one gtin14).
package barcode

import (
	"fmt"
	"strings"
	"unicode"
)

// MinDigits and MaxDigits bound the digit count Normalize accepts (EAN-8 up
// to GTIN-14; 9–11 are UPC-As with leading zeros lost).
const (
	MinDigits = 8
	MaxDigits = 14
)

// Normalize returns the 14-digit GTIN for raw, with ok=true, when raw — after
// removing whitespace and dashes ('-') — is 8 to 14 ASCII digits, not all
// zeros, and its GS1 check digit holds once left-padded with zeros to 14
// digits (see the package documentation). Otherwise gtin14 is "", ok is false
// and reason says why in plain words: "empty", "not digits", "length 5",
// "all zeros", or "check digit 4 does not match computed 8". The caller then
// keeps raw as an unverified code. reason is "" when ok.
func Normalize(raw string) (gtin14 string, ok bool, reason string) {
	digits := strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, raw)
	switch {
	case digits == "":
		return "", false, "empty"
	case !allDigits(digits):
		return "", false, "not digits"
	case len(digits) < MinDigits || len(digits) > MaxDigits:
		return "", false, fmt.Sprintf("length %d", len(digits))
	case strings.Trim(digits, "0") == "":
		return "", false, "all zeros"
	}
	g := strings.Repeat("0", MaxDigits-len(digits)) + digits
	given := int(g[MaxDigits-1] - '0')
	if want := CheckDigit(g[:MaxDigits-1]); given != want {
		return "", false, fmt.Sprintf("check digit %d does not match computed %d", given, want)
	}
	return g, true, ""
}

// CheckDigit returns the GS1 mod-10 check digit (0–9) for digitsWithoutCheck,
// the data digits of a GTIN without its check digit (7 for EAN-8, 11 for
// UPC-A, 12 for EAN-13, 13 for GTIN-14). Weights alternate 3, 1, 3, … from the
// RIGHTMOST digit, which is the same as left-padding to 13 digits and
// weighting 3, 1, 3, … from the left. It returns -1 when the input is empty or
// contains anything other than ASCII digits.
func CheckDigit(digitsWithoutCheck string) int {
	if digitsWithoutCheck == "" || !allDigits(digitsWithoutCheck) {
		return -1
	}
	sum := 0
	weight := 3
	for i := len(digitsWithoutCheck) - 1; i >= 0; i-- {
		sum += int(digitsWithoutCheck[i]-'0') * weight
		weight = 4 - weight // 3, 1, 3, 1, …
	}
	return (10 - sum%10) % 10
}

// Valid reports whether gtin is a well-formed GTIN as it stands: exactly 8,
// 12, 13 or 14 ASCII digits (no spaces, dashes or padding repair), not all
// zeros, with a correct check digit. Use Normalize for untrusted text.
func Valid(gtin string) bool {
	switch len(gtin) {
	case 8, 12, 13, 14:
	default:
		return false
	}
	if !allDigits(gtin) || strings.Trim(gtin, "0") == "" {
		return false
	}
	n := len(gtin)
	return CheckDigit(gtin[:n-1]) == int(gtin[n-1]-'0')
}

// allDigits reports whether s consists only of the ASCII digits 0–9 (other
// Unicode digits, such as Arabic-Indic ones, are not barcode digits).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
