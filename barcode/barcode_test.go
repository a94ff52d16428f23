package barcode

import (
	"strings"
	"testing"
)

// Check digits in the cases below were computed by hand, e.g. for UPC-A
// 071012107018: data digits 0 7 1 0 1 2 1 0 7 0 1 with weights 3 1 3 1 …
// give 0+7+3+0+3+2+3+0+21+0+3 = 42, and (10 − 42 mod 10) mod 10 = 8 = the
// last digit, so it is valid.
func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		raw    string
		want   string // gtin14 when ok
		ok     bool
		reason string // exact reason when !ok
	}{
		// UPC-A, sum 42 → 8.
		{"UPC-A", "071012107018", "00071012107018", true, ""},
		// docs/import.md H8: UPC 071012010615 with its leading zero lost.
		// 0 7 1 0 1 2 0 1 0 6 1 → 0+7+3+0+3+2+0+1+0+6+3 = 25 → 5 ✓.
		{"UPC-A leading zero lost", "71012010615", "00071012010615", true, ""},
		// docs/import.md H8: Clabber Girl baking powder fails.
		// 0 2 1 5 0 0 0 1 7 0 0 → 0+2+3+5+0+0+0+1+21+0+0 = 32 → 8, given 4.
		{"Clabber Girl fails", "021500017004", "", false, "check digit 4 does not match computed 8"},
		// docs/import.md H9 mobile UPC: it matches no product, but its check digit holds:
		// 0 1 6 0 0 0 1 9 6 1 0 → 0+1+18+0+0+0+3+9+18+1+0 = 50 → 0 ✓.
		{"mobile UPC valid", "016000196100", "00016000196100", true, ""},
		// 9×3×6 + 9×1×5 = 207 → 3, given 9.
		{"all nines fails", "999999999999", "", false, "check digit 9 does not match computed 3"},
		// 0+1+6+3+12+5+18+7+24+9+0 = 85 → 5, given 1 (012345678905 is the valid one).
		{"012345678901 fails", "012345678901", "", false, "check digit 1 does not match computed 5"},
		{"012345678905 valid", "012345678905", "00012345678905", true, ""},
		// EAN-13 4006381333931: 4 0 0 6 3 8 1 3 3 3 9 3 weighted 1 3 1 3 … (3 next to the check)
		// = 4+0+0+18+3+24+1+9+3+9+9+9 = 89 → 1 ✓.
		{"EAN-13", "4006381333931", "04006381333931", true, ""},
		// GTIN-14: 1 0 0 1 2 3 4 5 6 7 8 9 0 weighted 3 1 3 … = 3+0+0+1+6+3+12+5+18+7+24+9+0 = 88 → 2 ✓.
		{"GTIN-14", "10012345678902", "10012345678902", true, ""},
		// EAN-8 96385074: 9 6 3 8 5 0 7 weighted 3 1 3 … = 27+6+9+8+15+0+21 = 86 → 4 ✓.
		{"EAN-8", "96385074", "00000096385074", true, ""},
		// docs/import.md: the one 11-digit upc_code in sample_data_all.json.
		// 0 0 6 4 1 4 4 0 3 0 9 → 0+0+18+4+3+4+12+0+9+0+27 = 77 → 3, given 4.
		{"11-digit upc_code fails", "06414403094", "", false, "check digit 4 does not match computed 3"},
		// docs/import.md H8 Costco almonds, 10 digits: 0 0 9 6 6 1 9 8 4 6 0 → 0+0+27+6+18+1+27+8+12+6+0 = 105 → 5, given 1.
		{"10-digit Costco fails", "9661984601", "", false, "check digit 1 does not match computed 5"},
		// 9 digits, UPC-A 000123456784 with three zeros lost: 0 0 0 1 2 3 4 5 6 7 8 → 0+0+0+1+6+3+12+5+18+7+24 = 76 → 4 ✓.
		{"UPC-A three zeros lost", "123456784", "00000123456784", true, ""},
		// separators and surrounding space are removed
		{"spaces", " 0 71012 10701 8 ", "00071012107018", true, ""},
		{"dashes", "0-71012-10701-8", "00071012107018", true, ""},
		{"tab and newline", "071012107018\t\n", "00071012107018", true, ""},
		{"GTIN-14 already padded", "00071012107018", "00071012107018", true, ""},
		{"empty", "", "", false, "empty"},
		{"only separators", " - -\t", "", false, "empty"},
		{"letters", "abc", "", false, "not digits"},
		{"trailing letter", "071012107018x", "", false, "not digits"},
		{"plus sign", "+71012107018", "", false, "not digits"},
		{"decimal point", "71012107018.0", "", false, "not digits"},
		{"arabic-indic digits", "٠٧١٠١٢١٠٧٠١٨", "", false, "not digits"},
		{"fullwidth digits", "０７１０１２１０７０１８", "", false, "not digits"},
		{"invalid utf-8", "0710121\xff07018", "", false, "not digits"},
		{"length 5", "12345", "", false, "length 5"},
		{"length 7", "1234565", "", false, "length 7"},
		{"length 15", "100123456789020", "", false, "length 15"},
		{"all zeros", "000000000000", "", false, "all zeros"},
		{"all zeros 8", "0000-0000", "", false, "all zeros"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok, reason := Normalize(tc.raw)
			if got != tc.want || ok != tc.ok || reason != tc.reason {
				t.Fatalf("Normalize(%q) = (%q, %v, %q), want (%q, %v, %q)", tc.raw, got, ok, reason, tc.want, tc.ok, tc.reason)
			}
			if ok && !Valid(got) {
				t.Fatalf("Normalize(%q) = %q which is not Valid", tc.raw, got)
			}
		})
	}
}

func TestCheckDigit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int
	}{
		{"07101210701", 8},   // UPC-A data digits
		{"7101210701", 8},    // same without leading zero: zeros do not matter
		{"0007101210701", 8}, // same padded to 13
		{"02150001700", 8},
		{"400638133393", 1},  // EAN-13
		{"1001234567890", 2}, // GTIN-14
		{"9638507", 4},       // EAN-8
		{"0", 0},
		{"1", 7},  // 1×3 = 3 → 7
		{"91", 8}, // rightmost digit has weight 3: 1×3 + 9×1 = 12 → 8
		{"", -1},
		{"12a", -1},
		{" 123", -1},
		{"-1", -1},
	}
	for _, tc := range tests {
		if got := CheckDigit(tc.in); got != tc.want {
			t.Fatalf("CheckDigit(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestValid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"071012107018", true},
		{"00071012107018", true},
		{"4006381333931", true},
		{"10012345678902", true},
		{"96385074", true},
		{"016000196100", true},
		{"021500017004", false},
		{"999999999999", false},
		{"012345678901", false},
		{"71012010615", false},     // 11 digits: Valid does not repair; Normalize does
		{"0 71012 10701 8", false}, // no cleaning either
		{"123456784", false},       // 9 digits
		{"0000000000000", false},   // all zeros
		{"00000000", false},
		{"", false},
		{"abcdefgh", false},
		{"100123456789020", false},
	}
	for _, tc := range tests {
		if got := Valid(tc.in); got != tc.want {
			t.Fatalf("Valid(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// TestNormalizePaddingIsUnambiguous: every zero-stripped form of a valid
// GTIN-14, from 14 digits down to 8, normalises to the same GTIN-14.
func TestNormalizePaddingIsUnambiguous(t *testing.T) {
	t.Parallel()
	for _, g := range []string{"00000096385074", "00071012010615", "04006381333931", "00000123456784", "10012345678902"} {
		for s := g; len(s) >= MinDigits; s = s[1:] {
			if got, ok, reason := Normalize(s); !ok || got != g {
				t.Fatalf("Normalize(%q) = (%q, %v, %q), want %q", s, got, ok, reason, g)
			}
			if s[0] != '0' {
				break // only leading zeros may be dropped
			}
		}
	}
}

// TestNormalizeSingleDigitError: changing any one digit of a valid code makes
// it fail (the mod-10 check catches every single-digit error).
func TestNormalizeSingleDigitError(t *testing.T) {
	t.Parallel()
	const good = "4006381333931"
	for i := range len(good) {
		for d := byte('0'); d <= '9'; d++ {
			if d == good[i] {
				continue
			}
			b := []byte(good)
			b[i] = d
			if _, ok, reason := Normalize(string(b)); ok || !strings.HasPrefix(reason, "check digit ") {
				t.Fatalf("Normalize(%q) ok=%v reason %q, want a check digit failure", b, ok, reason)
			}
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"071012107018", "71012010615", "021500017004", "016000196100", "999999999999", "012345678901",
		"4006381333931", "10012345678902", "96385074", "", "abc", "0-71012-10701-8", " 12345 ",
		"000000000000", "٠٧١", "\xff", "100123456789020",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		g, ok, reason := Normalize(raw)
		if !ok {
			if g != "" || reason == "" {
				t.Fatalf("Normalize(%q) = (%q, false, %q): want empty gtin and a reason", raw, g, reason)
			}
			return
		}
		if reason != "" || len(g) != 14 || !allDigits(g) || !Valid(g) {
			t.Fatalf("Normalize(%q) = (%q, true, %q): not a valid 14-digit GTIN", raw, g, reason)
		}
		// idempotent, and the GTIN ends with the input's digits
		if again, ok2, _ := Normalize(g); !ok2 || again != g {
			t.Fatalf("Normalize(%q) = %q but Normalize(%q) = %q, %v", raw, g, g, again, ok2)
		}
		var digits strings.Builder
		for _, r := range raw {
			if r >= '0' && r <= '9' {
				digits.WriteRune(r)
			}
		}
		if !strings.HasSuffix(g, digits.String()) {
			t.Fatalf("Normalize(%q) = %q does not end with the input digits %q", raw, g, digits.String())
		}
	})
}
