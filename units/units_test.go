package units

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func dec(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("bad decimal %q in test: %v", s, err)
	}
	return d
}

func unit(t testing.TB, s string) Unit {
	t.Helper()
	u, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return u
}

// TestTable pins the table to docs/domain.md §7, factor by factor and in order.
func TestTable(t *testing.T) {
	t.Parallel()
	want := []struct {
		code   string
		kind   Kind
		toBase string
	}{
		{"g", Weight, "1"}, {"kg", Weight, "1000"}, {"oz", Weight, "28.3495"}, {"lb", Weight, "453.592"},
		{"ml", Volume, "1"}, {"l", Volume, "1000"}, {"tsp", Volume, "4.92892"}, {"tbsp", Volume, "14.7868"},
		{"fl oz", Volume, "29.5735"}, {"cup", Volume, "236.588"}, {"pt", Volume, "473.176"},
		{"qt", Volume, "946.353"}, {"gal", Volume, "3785.41"},
		{"each", Count, "1"}, {"count", Count, "1"}, {"piece", Count, "1"}, {"dozen", Count, "12"},
	}
	codes := Codes()
	if len(codes) != len(want) {
		t.Fatalf("Codes() has %d entries, want %d: %q", len(codes), len(want), codes)
	}
	for i, w := range want {
		if codes[i] != w.code {
			t.Fatalf("Codes()[%d] = %q, want %q", i, codes[i], w.code)
		}
		u := unit(t, w.code)
		if u.Code != w.code || u.Kind != w.kind || !u.ToBase.Equal(dec(t, w.toBase)) || u.Name == "" {
			t.Fatalf("Parse(%q) = %+v, want code %q kind %s factor %s and a name", w.code, u, w.code, w.kind, w.toBase)
		}
		if u.String() != w.code {
			t.Fatalf("String() = %q, want %q", u.String(), w.code)
		}
	}
	// Codes returns a copy: mutating it must not affect the package.
	codes[0] = "mutated"
	if Codes()[0] != "g" {
		t.Fatal("Codes() exposes the package's slice")
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
	}{
		{"g", "g"}, {"G", "g"}, {"  kg  ", "kg"}, {"\tcup\n", "cup"},
		{"fl oz", "fl oz"}, {"FL  OZ", "fl oz"}, {"Fl\t Oz", "fl oz"}, {"fl. oz.", "fl oz"}, {"fl.oz", "fl oz"},
		{"floz", "fl oz"}, {"fluid ounce", "fl oz"}, {"Fluid Ounces", "fl oz"},
		// oz and ounce are always weight
		{"oz", "oz"}, {"OZ", "oz"}, {"oz.", "oz"}, {"ounce", "oz"}, {"Ounces", "oz"},
		{"gram", "g"}, {"grams", "g"}, {"kilograms", "kg"}, {"kilogram", "kg"},
		{"pound", "lb"}, {"Pounds", "lb"}, {"lbs", "lb"}, {"LB", "lb"},
		{"teaspoon", "tsp"}, {"teaspoons", "tsp"}, {"tablespoon", "tbsp"}, {"Tablespoons", "tbsp"}, {"TBSP", "tbsp"},
		{"cups", "cup"}, {"liter", "l"}, {"Liters", "l"}, {"litre", "l"}, {"litres", "l"}, {"L", "l"},
		{"milliliter", "ml"}, {"milliliters", "ml"}, {"mL", "ml"},
		{"pint", "pt"}, {"pints", "pt"}, {"quart", "qt"}, {"quarts", "qt"}, {"gallon", "gal"}, {"gallons", "gal"},
		{"each", "each"}, {"ea", "each"}, {"count", "count"}, {"piece", "piece"}, {"pieces", "piece"}, {"pcs", "piece"},
		{"dozen", "dozen"}, {"Dozens", "dozen"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			u, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			if u.Code != tc.want {
				t.Fatalf("Parse(%q).Code = %q, want %q", tc.in, u.Code, tc.want)
			}
			if !u.Equal(unit(t, tc.want)) {
				t.Fatalf("Parse(%q) = %+v, not the table row for %q", tc.in, u, tc.want)
			}
		})
	}
	if u := unit(t, "ounces"); u.Kind != Weight {
		t.Fatalf("ounces parsed as %s, must always be weight", u.Kind)
	}
}

const acceptedList = "g, kg, oz, lb, ml, l, tsp, tbsp, fl oz, cup, pt, qt, gal, each, count, piece, dozen"

func TestParseUnknown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in          string
		packageType bool
		wantMsg     string
	}{
		{"handful", false, `unknown unit "handful"; accepted: ` + acceptedList},
		{"", false, `unknown unit ""; accepted: ` + acceptedList},
		{"   ", false, `unknown unit "   "; accepted: ` + acceptedList},
		{"fl", false, `unknown unit "fl"; accepted: ` + acceptedList},
		{"fluid", false, `unknown unit "fluid"; accepted: ` + acceptedList},
		{"ozz", false, `unknown unit "ozz"; accepted: ` + acceptedList},
		{"2 cups", false, `unknown unit "2 cups"; accepted: ` + acceptedList},
		{"pinch", false, `unknown unit "pinch"; accepted: ` + acceptedList},
		{"jar", true, `"jar" is a package type, not a unit of measure; give the unit of its contents instead (accepted: ` + acceptedList + ")"},
		{" Bag ", true, `" Bag " is a package type, not a unit of measure; give the unit of its contents instead (accepted: ` + acceptedList + ")"},
		{"jars", true, ""}, {"boxes", true, ""}, {"pouches", true, ""}, {"cases", true, ""}, {"BOTTLE", true, ""},
		{"clamshell", true, ""}, {"wrapper", true, ""}, {"stick", true, ""}, {"jug", true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			u, err := Parse(tc.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want error", tc.in, u)
			}
			var ue *UnknownUnitError
			if !errors.As(err, &ue) {
				t.Fatalf("Parse(%q) error %T, want *UnknownUnitError", tc.in, err)
			}
			if ue.Input != tc.in || ue.PackageType != tc.packageType {
				t.Fatalf("Parse(%q) error = %+v, want Input %q PackageType %v", tc.in, ue, tc.in, tc.packageType)
			}
			if tc.wantMsg != "" && err.Error() != tc.wantMsg {
				t.Fatalf("Parse(%q) message\n got: %s\nwant: %s", tc.in, err, tc.wantMsg)
			}
			if tc.packageType && !strings.Contains(err.Error(), "is a package type, not a unit of measure") {
				t.Fatalf("Parse(%q) message %q does not say it is a package type", tc.in, err)
			}
			if !u.Equal(Unit{}) {
				t.Fatalf("Parse(%q) returned non-zero unit %+v with an error", tc.in, u)
			}
		})
	}
}

func TestConvert(t *testing.T) {
	t.Parallel()
	// 1 cup of all-purpose flour weighs 4.25 oz.
	flour := &Density{VolumeValue: decimal.NewFromInt(1), VolumeUnit: unit(t, "cup"),
		WeightValue: decimal.RequireFromString("4.25"), WeightUnit: unit(t, "oz")}
	// Water: 1 ml weighs 1 g.
	water := &Density{VolumeValue: decimal.NewFromInt(1), VolumeUnit: unit(t, "ml"),
		WeightValue: decimal.NewFromInt(1), WeightUnit: unit(t, "g")}

	tests := []struct {
		name      string
		q         string
		from, to  string
		d         *Density
		want      string // exact result at Precision (12) places
		wantRound string // Round(result), 4 places
	}{
		// 1 lb = 453.592 g; 453.592 / 28.3495 = 16 exactly (28.3495 × 16 = 453.592).
		{"lb to oz", "1", "lb", "oz", nil, "16", "16"},
		{"oz to lb", "16", "oz", "lb", nil, "1", "1"},
		{"negative lb to oz", "-2", "lb", "oz", nil, "-32", "-32"},
		// 1000 / 453.592 = 2.20462442018377749… → 12 dp 2.204624420184, 4 dp 2.2046.
		{"kg to lb", "1", "kg", "lb", nil, "2.204624420184", "2.2046"},
		{"kg to g", "2.5", "kg", "g", nil, "2500", "2500"},
		// 2 × 236.588 = 473.176 ml.
		{"cup to ml", "2", "cup", "ml", nil, "473.176", "473.176"},
		// 236.588 / 29.5735 = 8 exactly.
		{"cup to fl oz", "1", "cup", "fl oz", nil, "8", "8"},
		// 3 × 4.92892 = 14.78676 ml; / 14.7868 = 0.99999729488462682… → 12 dp 0.999997294885, 4 dp 1.0000.
		{"tsp to tbsp", "3", "tsp", "tbsp", nil, "0.999997294885", "1"},
		{"gal to l", "1", "gal", "l", nil, "3.78541", "3.7854"},
		// 2 × 473.176 = 946.352 ml; / 946.353 = 0.99999894331185… → 0.999998943312, 4 dp 1.0000.
		{"pt to qt", "2", "pt", "qt", nil, "0.999998943312", "1"},
		{"same unit", "1.23456", "cup", "cup", nil, "1.23456", "1.2346"},
		{"dozen to each", "1", "dozen", "each", nil, "12", "12"},
		{"each to dozen", "18", "each", "dozen", nil, "1.5", "1.5"},
		{"piece to count", "7", "piece", "count", nil, "7", "7"},
		{"zero", "0", "cup", "tsp", nil, "0", "0"},
		// Flour, 1 cup = 4.25 oz: 1 cup → 4.25 oz; in grams 4.25 × 28.3495 = 120.485375 → 120.4854 (4 dp).
		{"flour cup to oz", "1", "cup", "oz", flour, "4.25", "4.25"},
		{"flour cup to g", "1", "cup", "g", flour, "120.485375", "120.4854"},
		{"flour g to cup", "120.485375", "g", "cup", flour, "1", "1"},
		// 100 g / 120.485375 g per cup = 0.82997625230448… → 0.829976252304, 4 dp 0.8300.
		{"flour g to cup 100", "100", "g", "cup", flour, "0.829976252304", "0.83"},
		// 16 tbsp = 16 × 14.7868 = 236.5888 ml (not quite 1 cup = 236.588 ml);
		// × 120.485375 g / 236.588 ml = 120.48578240992780… → 120.485782409928, 4 dp 120.4858.
		{"flour tbsp to g", "16", "tbsp", "g", flour, "120.485782409928", "120.4858"},
		{"water l to kg", "1", "l", "kg", water, "1", "1"},
		{"water kg to l", "1", "kg", "l", water, "1", "1"},
		// density is ignored for same-kind conversions, even an invalid one
		{"same kind ignores bad density", "1", "kg", "g", &Density{}, "1000", "1000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Convert(dec(t, tc.q), unit(t, tc.from), unit(t, tc.to), tc.d)
			if err != nil {
				t.Fatalf("Convert(%s %s → %s): %v", tc.q, tc.from, tc.to, err)
			}
			if !got.Equal(dec(t, tc.want)) {
				t.Fatalf("Convert(%s %s → %s) = %s, want %s", tc.q, tc.from, tc.to, got, tc.want)
			}
			if got.Exponent() != -Precision {
				t.Fatalf("Convert result %s has exponent %d, want %d", got, got.Exponent(), -Precision)
			}
			if r := Round(got); !r.Equal(dec(t, tc.wantRound)) {
				t.Fatalf("Round(%s) = %s, want %s", got, r, tc.wantRound)
			}
		})
	}
	// the flour case spelled out in 4-dp text, as stored in numeric(14,4)
	got, _ := Convert(decimal.NewFromInt(1), unit(t, "cup"), unit(t, "g"), flour)
	if s := Round(got).StringFixed(4); s != "120.4854" {
		t.Fatalf("1 cup flour = %s g, want 120.4854", s)
	}
}

// TestConvertRoundTrip converts every same-kind pair there and back.
func TestConvertRoundTrip(t *testing.T) {
	t.Parallel()
	qs := []string{"0", "1", "0.0001", "12.3456", "-3.5", "9999999999.9999"}
	for _, a := range Codes() {
		for _, b := range Codes() {
			ua, ub := unit(t, a), unit(t, b)
			if ua.Kind != ub.Kind {
				continue
			}
			for _, s := range qs {
				q := dec(t, s)
				there, err := Convert(q, ua, ub, nil)
				if err != nil {
					t.Fatalf("%s %s → %s: %v", s, a, b, err)
				}
				back, err := Convert(there, ub, ua, nil)
				if err != nil {
					t.Fatalf("%s %s → %s: %v", there, b, a, err)
				}
				if !Round(back).Equal(Round(q)) {
					t.Fatalf("%s %s → %s %s → %s %s: round trip lost precision", s, a, there, b, back, a)
				}
			}
		}
	}
}

func TestConvertErrors(t *testing.T) {
	t.Parallel()
	cup := unit(t, "cup")
	bad := func(vv, wv string, vu, wu Unit) *Density {
		return &Density{VolumeValue: dec(t, vv), VolumeUnit: vu, WeightValue: dec(t, wv), WeightUnit: wu}
	}
	tampered := cup
	tampered.ToBase = decimal.Zero
	tests := []struct {
		name     string
		q        decimal.Decimal
		from, to Unit
		d        *Density
		wantErr  error
		wantMsg  string // exact message when non-empty
	}{
		{"cup to oz without density", decimal.NewFromInt(1), cup, unit(t, "oz"), nil, ErrNeedsDensity,
			"cup to oz needs the ingredient's density"},
		{"g to ml without density", decimal.NewFromInt(1), unit(t, "g"), unit(t, "ml"), nil, ErrNeedsDensity,
			"g to ml needs the ingredient's density"},
		{"fl oz to oz without density", decimal.NewFromInt(1), unit(t, "fl oz"), unit(t, "oz"), nil, ErrNeedsDensity,
			"fl oz to oz needs the ingredient's density"},
		{"dozen to g", decimal.NewFromInt(1), unit(t, "dozen"), unit(t, "g"), nil, ErrIncompatible,
			"incompatible units: dozen (count) to g (weight): count units never convert to weight or volume"},
		{"cup to each", decimal.NewFromInt(1), cup, unit(t, "each"), nil, ErrIncompatible, ""},
		{"each to ml with density", decimal.NewFromInt(1), unit(t, "each"), unit(t, "ml"),
			bad("1", "1", cup, unit(t, "g")), ErrIncompatible, ""},
		{"zero unit", decimal.NewFromInt(1), Unit{}, cup, nil, ErrInvalidUnit, ""},
		{"zero target unit", decimal.NewFromInt(1), cup, Unit{}, nil, ErrInvalidUnit, ""},
		{"tampered unit", decimal.NewFromInt(1), cup, tampered, nil, ErrInvalidUnit, ""},
		{"zero density volume", decimal.NewFromInt(1), cup, unit(t, "g"), bad("0", "4.25", cup, unit(t, "oz")), ErrInvalidDensity, ""},
		{"zero density weight", decimal.NewFromInt(1), cup, unit(t, "g"), bad("1", "0", cup, unit(t, "oz")), ErrInvalidDensity, ""},
		{"negative density weight", decimal.NewFromInt(1), unit(t, "g"), cup, bad("1", "-4", cup, unit(t, "oz")), ErrInvalidDensity, ""},
		{"density units swapped", decimal.NewFromInt(1), cup, unit(t, "g"), bad("1", "1", unit(t, "g"), cup), ErrInvalidDensity, ""},
		{"empty density", decimal.NewFromInt(1), cup, unit(t, "g"), &Density{}, ErrInvalidDensity, ""},
		{"huge quantity", decimal.New(1, 18), unit(t, "g"), unit(t, "kg"), nil, ErrOutOfRange, ""},
		{"huge exponent zero", decimal.New(0, 2_000_000_000), unit(t, "g"), unit(t, "kg"), nil, ErrOutOfRange, ""},
		{"tiny exponent", decimal.New(1, -2_000_000_000), unit(t, "g"), unit(t, "kg"), nil, ErrOutOfRange, ""},
		{"result out of range", decimal.New(1, 17), unit(t, "gal"), unit(t, "ml"), nil, ErrOutOfRange, ""},
		{"result out of range via density", decimal.New(1, 10), unit(t, "ml"), unit(t, "g"),
			&Density{VolumeValue: decimal.New(1, -10), VolumeUnit: unit(t, "ml"), WeightValue: decimal.NewFromInt(1), WeightUnit: unit(t, "g")},
			ErrOutOfRange, ""},
		{"density out of range", decimal.NewFromInt(1), cup, unit(t, "g"),
			&Density{VolumeValue: decimal.New(1, -5000), VolumeUnit: cup, WeightValue: decimal.NewFromInt(1), WeightUnit: unit(t, "g")},
			ErrOutOfRange, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Convert(tc.q, tc.from, tc.to, tc.d)
			if err == nil {
				t.Fatalf("Convert = %s, want error %v", got, tc.wantErr)
			}
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Convert error %q does not wrap %v", err, tc.wantErr)
			}
			if tc.wantMsg != "" && err.Error() != tc.wantMsg {
				t.Fatalf("Convert error\n got: %s\nwant: %s", err, tc.wantMsg)
			}
		})
	}
}

func TestParseDensity(t *testing.T) {
	t.Parallel()
	d, err := ParseDensity(" 1 ", "Cup", "4.25", "ounces")
	if err != nil {
		t.Fatalf("ParseDensity: %v", err)
	}
	if !d.VolumeValue.Equal(decimal.NewFromInt(1)) || d.VolumeUnit.Code != "cup" ||
		!d.WeightValue.Equal(decimal.RequireFromString("4.25")) || d.WeightUnit.Code != "oz" {
		t.Fatalf("ParseDensity = %+v", d)
	}
	got, err := Convert(decimal.NewFromInt(1), unit(t, "cup"), unit(t, "g"), d)
	if err != nil || !Round(got).Equal(decimal.RequireFromString("120.4854")) {
		t.Fatalf("1 cup with parsed density = %s g, %v; want 120.4854", got, err)
	}

	bad := []struct {
		name               string
		vv, vu, wv, wu     string
		wantUnknownUnitErr bool
	}{
		{"zero volume", "0", "cup", "4.25", "oz", false},
		{"zero weight", "1", "cup", "0", "oz", false},
		{"negative volume", "-1", "cup", "4.25", "oz", false},
		{"volume not a number", "one", "cup", "4.25", "oz", false},
		{"weight empty", "1", "cup", "", "oz", false},
		{"NaN", "NaN", "cup", "4.25", "oz", false},
		{"volume unit is weight", "1", "g", "4.25", "oz", false},
		{"weight unit is volume", "1", "cup", "4.25", "fl oz", false},
		{"weight unit is count", "1", "cup", "4.25", "each", false},
		{"unknown volume unit", "1", "handful", "4.25", "oz", true},
		{"container weight unit", "1", "cup", "4.25", "jar", true},
		{"huge value", "1e30", "cup", "4.25", "oz", false},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := ParseDensity(tc.vv, tc.vu, tc.wv, tc.wu)
			if err == nil {
				t.Fatalf("ParseDensity(%q,%q,%q,%q) = %+v, want error", tc.vv, tc.vu, tc.wv, tc.wu, d)
			}
			if d != nil {
				t.Fatalf("ParseDensity returned %+v with error", d)
			}
			if !errors.Is(err, ErrInvalidDensity) {
				t.Fatalf("error %q does not wrap ErrInvalidDensity", err)
			}
			var ue *UnknownUnitError
			if errors.As(err, &ue) != tc.wantUnknownUnitErr {
				t.Fatalf("error %q: errors.As(*UnknownUnitError) = %v, want %v", err, !tc.wantUnknownUnitErr, tc.wantUnknownUnitErr)
			}
		})
	}
}

func TestRound(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"120.485375", "120.4854"},
		{"1.23454", "1.2345"},
		{"1.23455", "1.2346"},   // half away from zero, like PostgreSQL numeric
		{"-1.23455", "-1.2346"}, // half away from zero
		{"0.00004999", "0"},
		{"2.204624420184", "2.2046"},
		{"7", "7"},
	}
	for _, tc := range tests {
		if got := Round(dec(t, tc.in)); !got.Equal(dec(t, tc.want)) || got.Exponent() != -StoragePlaces {
			t.Fatalf("Round(%s) = %s (exp %d), want %s with exp %d", tc.in, got, got.Exponent(), tc.want, -StoragePlaces)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"g", "FL  OZ", "fl. oz.", "ounces", "jar", "boxes", "handful", "", " ", "\u212Ag", "ｇ", "oz\x00", "l\u00a0"} {
		f.Add(s)
	}
	for _, c := range Codes() {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := Parse(s)
		if err != nil {
			var ue *UnknownUnitError
			if !errors.As(err, &ue) || ue.Input != s {
				t.Fatalf("Parse(%q) error %#v is not an *UnknownUnitError for the input", s, err)
			}
			if !strings.Contains(err.Error(), "accepted: g, kg,") {
				t.Fatalf("Parse(%q) error %q does not list the accepted codes", s, err)
			}
			return
		}
		again, err := Parse(u.Code)
		if err != nil || !again.Equal(u) {
			t.Fatalf("Parse(%q) = %+v but Parse(%q) = %+v, %v", s, u, u.Code, again, err)
		}
		if u.Kind != Weight && u.Kind != Volume && u.Kind != Count {
			t.Fatalf("Parse(%q) kind %q", s, u.Kind)
		}
		if u.Code == "oz" && u.Kind != Weight {
			t.Fatal("oz parsed as non-weight")
		}
	})
}

func FuzzConvert(f *testing.F) {
	f.Add("1", "cup", "g", "1", "cup", "4.25", "oz")
	f.Add("2", "lb", "oz", "", "", "", "")
	f.Add("-3.5", "g", "tbsp", "1", "ml", "0.9", "g")
	f.Add("1e999999999", "kg", "lb", "", "", "", "")
	f.Add("0e-2147483647", "l", "floz", "1e-900", "ml", "1e17", "kg")
	f.Add("12", "dozen", "g", "1", "cup", "1", "g")
	f.Add("1", "cup", "g", "0", "cup", "4.25", "oz")
	f.Fuzz(func(t *testing.T, qs, froms, tos, vv, vu, wv, wu string) {
		q, err := decimal.NewFromString(qs)
		if err != nil {
			return
		}
		from, err1 := Parse(froms)
		to, err2 := Parse(tos)
		if err1 != nil || err2 != nil {
			return
		}
		d, err := ParseDensity(vv, vu, wv, wu)
		if err != nil {
			d = nil
		}
		got, err := Convert(q, from, to, d)
		if err != nil {
			if errors.Is(err, ErrOutOfRange) {
				return
			}
			if from.Kind == to.Kind {
				t.Fatalf("same-kind Convert(%s, %s, %s) failed: %v", qs, from, to, err)
			}
			if (from.Kind == Count || to.Kind == Count) != errors.Is(err, ErrIncompatible) {
				t.Fatalf("Convert(%s, %s, %s): wrong error %v", qs, from, to, err)
			}
			if d == nil && from.Kind != Count && to.Kind != Count && !errors.Is(err, ErrNeedsDensity) {
				t.Fatalf("Convert(%s, %s, %s) without density: %v", qs, from, to, err)
			}
			return
		}
		if got.Exponent() != -Precision {
			t.Fatalf("result %s has exponent %d", got, got.Exponent())
		}
		if got.Sign() != 0 && q.Sign() != 0 && got.Sign() != q.Sign() {
			t.Fatalf("Convert(%s %s → %s) = %s changed sign", qs, from, to, got)
		}
		if from.Kind == to.Kind {
			// back again: error ≤ ½e-12 in `to` units, scaled by at most 3785.41 (gal/ml), plus ½e-12.
			back, err := Convert(got, to, from, nil)
			if err != nil {
				t.Fatalf("round trip %s %s → %s: %v", got, to, from, err)
			}
			if diff := back.Sub(q).Abs(); diff.GreaterThan(decimal.New(1, -8)) {
				t.Fatalf("%s %s → %s %s → %s %s: off by %s", qs, from, got, to, back, from, diff)
			}
		}
	})
}
