// Package units is BakeTracker's table of units of measure and the one place
// where quantities change unit.
//
// Why a package of its own: pantry lots are bought in package units ("25 lb"),
// recipes ask in kitchen units ("2 cup", "3 tbsp") and costs are computed per
// base unit, so every feature converts. Getting it subtly wrong — treating
// "oz" as a volume, guessing a density, or losing precision through float64 —
// silently corrupts stock levels and costs. This package therefore:
//
//   - holds the fixed table of docs/domain.md §7 (factors to grams, millilitres or
//     items) and nothing else: short lowercase codes are what is stored;
//   - parses user and import text leniently (case, spacing, common aliases)
//     but never ambiguously: "oz" and "ounce" are ALWAYS weight, liquid
//     ounces are "fl oz";
//   - refuses what cannot be known: volume↔weight needs the ingredient's
//     density (ErrNeedsDensity), count units never become weight or volume
//     (ErrIncompatible), and container words such as "jar" are package types,
//     not units (UnknownUnitError with PackageType set);
//   - does all arithmetic in github.com/shopspring/decimal, dividing once per
//     conversion and rounding that division to Precision (12) decimal places.
//     Callers round for storage or display with Round (4 places, matching
//     numeric(14,4) columns).
package units

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Kind is the dimension a unit measures. Units convert freely within a kind.
type Kind string

// The three kinds of docs/domain.md §7 and their base units.
const (
	Weight Kind = "weight" // base unit: gram (g)
	Volume Kind = "volume" // base unit: millilitre (ml)
	Count  Kind = "count"  // base unit: one item (each)
)

// Unit is one row of the unit table. Obtain Units from Parse (or Codes +
// Parse); Convert rejects Unit values that are not exactly a table row.
type Unit struct {
	Code   string          // stored code, lowercase: "g", "fl oz", "dozen"
	Kind   Kind            // weight, volume or count
	ToBase decimal.Decimal // how many base units (g, ml, items) one of this unit is
	Name   string          // singular English display name: "fluid ounce"
}

// String returns the unit's code, so units format naturally with %s.
func (u Unit) String() string { return u.Code }

// Equal reports whether u and v are the same unit (same code, kind, factor
// and name). Use it rather than ==, which compares the decimal's internal
// pointer.
func (u Unit) Equal(v Unit) bool {
	return u.Code == v.Code && u.Kind == v.Kind && u.Name == v.Name && u.ToBase.Equal(v.ToBase)
}

// Precision is the number of decimal places Convert keeps in its result. It
// is far finer than anything stored, so chained conversions do not drift.
const Precision = 12

// StoragePlaces is the number of decimal places quantities are stored with
// (numeric(14,4)); Round rounds to it.
const StoragePlaces = 4

// Round rounds q to StoragePlaces (4) decimal places, half away from zero —
// the same rule PostgreSQL applies when a value is stored in numeric(14,4).
func Round(q decimal.Decimal) decimal.Decimal { return q.Round(StoragePlaces) }

func mustDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// table is docs/domain.md §7, in its order. Do not edit factors without updating
// the domain document.
var table = []Unit{
	{"g", Weight, mustDec("1"), "gram"},
	{"kg", Weight, mustDec("1000"), "kilogram"},
	{"oz", Weight, mustDec("28.3495"), "ounce"},
	{"lb", Weight, mustDec("453.592"), "pound"},
	{"ml", Volume, mustDec("1"), "millilitre"},
	{"l", Volume, mustDec("1000"), "litre"},
	{"tsp", Volume, mustDec("4.92892"), "teaspoon"},
	{"tbsp", Volume, mustDec("14.7868"), "tablespoon"},
	{"fl oz", Volume, mustDec("29.5735"), "fluid ounce"},
	{"cup", Volume, mustDec("236.588"), "cup"},
	{"pt", Volume, mustDec("473.176"), "pint"},
	{"qt", Volume, mustDec("946.353"), "quart"},
	{"gal", Volume, mustDec("3785.41"), "gallon"},
	{"each", Count, mustDec("1"), "each"},
	{"count", Count, mustDec("1"), "count"},
	{"piece", Count, mustDec("1"), "piece"},
	{"dozen", Count, mustDec("12"), "dozen"},
}

// aliases maps normalised spellings (see normalize) to table codes. "oz",
// "ounce" and "ounces" are deliberately weight: liquid ounces must say "fl".
var aliases = map[string]string{
	"gram": "g", "grams": "g", "gramme": "g", "grammes": "g",
	"kilogram": "kg", "kilograms": "kg", "kilogramme": "kg", "kilogrammes": "kg", "kgs": "kg",
	"ounce": "oz", "ounces": "oz",
	"pound": "lb", "pounds": "lb", "lbs": "lb",
	"milliliter": "ml", "milliliters": "ml", "millilitre": "ml", "millilitres": "ml",
	"liter": "l", "liters": "l", "litre": "l", "litres": "l",
	"teaspoon": "tsp", "teaspoons": "tsp", "tsps": "tsp",
	"tablespoon": "tbsp", "tablespoons": "tbsp", "tbsps": "tbsp", "tbs": "tbsp",
	"fluid ounce": "fl oz", "fluid ounces": "fl oz", "floz": "fl oz", "fluid oz": "fl oz",
	"cups": "cup",
	"pint": "pt", "pints": "pt",
	"quart": "qt", "quarts": "qt",
	"gallon": "gal", "gallons": "gal",
	"ea":     "each",
	"ct":     "count",
	"pieces": "piece", "pcs": "piece", "pc": "piece",
	"dozens": "dozen", "doz": "dozen",
}

// packageTypes are the container words of docs/domain.md §7 (they belong in a
// product's package_type, never in a unit column), plus "jug", which §2.2
// and the export data use as a package_type.
var packageTypes = map[string]bool{
	"bag": true, "bar": true, "bottle": true, "box": true, "can": true,
	"carton": true, "case": true, "clamshell": true, "container": true,
	"jar": true, "package": true, "packet": true, "pouch": true, "roll": true,
	"sachet": true, "sheet": true, "stick": true, "tub": true, "tube": true,
	"wrapper": true, "jug": true,
}

var byCode = func() map[string]Unit {
	m := make(map[string]Unit, len(table))
	for _, u := range table {
		m[u.Code] = u
	}
	return m
}()

var codeList = func() []string {
	c := make([]string, len(table))
	for i, u := range table {
		c[i] = u.Code
	}
	return c
}()

// Codes returns the accepted unit codes in table order (weight, volume,
// count). The slice is a fresh copy.
func Codes() []string { return append([]string(nil), codeList...) }

// UnknownUnitError is returned by Parse for text that is not a unit.
type UnknownUnitError struct {
	Input       string // the text given to Parse, verbatim
	PackageType bool   // Input names a container (jar, bag…), not a unit of measure
}

func (e *UnknownUnitError) Error() string {
	accepted := strings.Join(codeList, ", ")
	if e.PackageType {
		return fmt.Sprintf("%q is a package type, not a unit of measure; give the unit of its contents instead (accepted: %s)", e.Input, accepted)
	}
	return fmt.Sprintf("unknown unit %q; accepted: %s", e.Input, accepted)
}

// normalize lowercases s, drops periods ("oz." → "oz", "fl. oz" → "fl oz"),
// trims it and collapses runs of whitespace to one space.
func normalize(s string) string {
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, ".", " ")
	return strings.Join(strings.Fields(s), " ")
}

// Parse returns the table unit named by s. Matching ignores case, leading,
// trailing and repeated inner whitespace, and periods ("FL.  OZ" → "fl oz"),
// and accepts common English spellings ("grams", "tablespoons", "lbs",
// "fluid ounce", "pcs", …). "oz" and "ounce" always mean weight. Anything
// else yields a *UnknownUnitError; for container words ("jar", "bags") its
// PackageType field is set and the message says so.
func Parse(s string) (Unit, error) {
	key := normalize(s)
	if u, ok := byCode[key]; ok {
		return u, nil
	}
	if code, ok := aliases[key]; ok {
		return byCode[code], nil
	}
	return Unit{}, &UnknownUnitError{Input: s, PackageType: isPackageType(key)}
}

func isPackageType(key string) bool {
	if packageTypes[key] {
		return true
	}
	if k, ok := strings.CutSuffix(key, "es"); ok && packageTypes[k] { // boxes, pouches
		return true
	}
	k, ok := strings.CutSuffix(key, "s") // jars, bottles, cases
	return ok && packageTypes[k]
}

// Errors returned (wrapped) by Convert and ParseDensity; test with errors.Is.
var (
	// ErrNeedsDensity: a volume↔weight conversion was asked without a
	// density. The wrapping message names the pair: "cup to oz needs the
	// ingredient's density".
	ErrNeedsDensity = errors.New("needs the ingredient's density")
	// ErrIncompatible: count units never convert to weight or volume.
	ErrIncompatible = errors.New("incompatible units")
	// ErrInvalidDensity: a density with a zero or negative value or with
	// units of the wrong kind.
	ErrInvalidDensity = errors.New("invalid density")
	// ErrInvalidUnit: a Unit value that is not a row of the table (for
	// example the zero Unit); obtain units from Parse.
	ErrInvalidUnit = errors.New("invalid unit")
	// ErrOutOfRange: a quantity or density value of absurd magnitude or
	// precision (see Convert), refused rather than risking huge arithmetic.
	ErrOutOfRange = errors.New("value out of range")
)

// Density is an ingredient's 4-field density, "VolumeValue VolumeUnit weighs
// WeightValue WeightUnit", e.g. 1 cup = 4.25 oz. Its grams per millilitre is
// grams(WeightValue WeightUnit) ÷ ml(VolumeValue VolumeUnit).
type Density struct {
	VolumeValue decimal.Decimal
	VolumeUnit  Unit
	WeightValue decimal.Decimal
	WeightUnit  Unit
}

// ParseDensity builds a Density from the four text fields of an ingredient
// (values are decimal text such as "4.25"; units go through Parse). All four
// are required; the volume unit must be a volume unit, the weight unit a
// weight unit, and both values must be greater than zero.
func ParseDensity(volValue, volUnit, weightValue, weightUnit string) (*Density, error) {
	vv, err := parseValue("volume value", volValue)
	if err != nil {
		return nil, err
	}
	vu, err := Parse(volUnit)
	if err != nil {
		return nil, fmt.Errorf("%w: volume unit: %w", ErrInvalidDensity, err)
	}
	wv, err := parseValue("weight value", weightValue)
	if err != nil {
		return nil, err
	}
	wu, err := Parse(weightUnit)
	if err != nil {
		return nil, fmt.Errorf("%w: weight unit: %w", ErrInvalidDensity, err)
	}
	d := &Density{VolumeValue: vv, VolumeUnit: vu, WeightValue: wv, WeightUnit: wu}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d, nil
}

func parseValue(field, s string) (decimal.Decimal, error) {
	v, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%w: %s %q is not a decimal number", ErrInvalidDensity, field, s)
	}
	return v, nil
}

// Validate reports why d cannot be used for conversion, or nil: both values
// must be positive and in range, VolumeUnit a volume unit and WeightUnit a
// weight unit from the table.
func (d *Density) Validate() error {
	if d == nil {
		return fmt.Errorf("%w: missing", ErrInvalidDensity)
	}
	if err := checkUnit(d.VolumeUnit); err != nil {
		return fmt.Errorf("%w: volume unit: %w", ErrInvalidDensity, err)
	}
	if err := checkUnit(d.WeightUnit); err != nil {
		return fmt.Errorf("%w: weight unit: %w", ErrInvalidDensity, err)
	}
	if d.VolumeUnit.Kind != Volume {
		return fmt.Errorf("%w: %q is a %s unit, the density's volume unit must be a volume unit", ErrInvalidDensity, d.VolumeUnit.Code, d.VolumeUnit.Kind)
	}
	if d.WeightUnit.Kind != Weight {
		return fmt.Errorf("%w: %q is a %s unit, the density's weight unit must be a weight unit", ErrInvalidDensity, d.WeightUnit.Code, d.WeightUnit.Kind)
	}
	if err := checkRange("density volume value", d.VolumeValue); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidDensity, err)
	}
	if err := checkRange("density weight value", d.WeightValue); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidDensity, err)
	}
	if d.VolumeValue.Sign() <= 0 {
		return fmt.Errorf("%w: volume value %s must be greater than zero", ErrInvalidDensity, d.VolumeValue)
	}
	if d.WeightValue.Sign() <= 0 {
		return fmt.Errorf("%w: weight value %s must be greater than zero", ErrInvalidDensity, d.WeightValue)
	}
	return nil
}

// Range limits applied to every quantity and density value Convert sees.
// Real pantry quantities are nowhere near them; they exist so that hostile or
// corrupt input ("1e999999999") cannot make the arbitrary-precision
// arithmetic allocate gigabytes or panic.
const (
	maxExponent     = 1000 // |decimal exponent| ≤ 1000
	maxMagnitudeExp = 18   // |value| < 1e18
)

var maxMagnitude = decimal.New(1, maxMagnitudeExp)

func checkRange(what string, v decimal.Decimal) error {
	if e := v.Exponent(); e > maxExponent || e < -maxExponent {
		return fmt.Errorf("%w: %s has more than %d decimal digits of scale", ErrOutOfRange, what, maxExponent)
	}
	if v.Abs().Cmp(maxMagnitude) >= 0 {
		return fmt.Errorf("%w: %s must be below 1e%d in magnitude", ErrOutOfRange, what, maxMagnitudeExp)
	}
	return nil
}

// checkUnit accepts only exact table rows, so the factors Convert divides by
// are known to be positive.
func checkUnit(u Unit) error {
	t, ok := byCode[u.Code]
	if !ok || !t.Equal(u) {
		return fmt.Errorf("%w %q (use units.Parse)", ErrInvalidUnit, u.Code)
	}
	return nil
}

// Convert converts quantity q from one unit to another. The result carries
// Precision (12) decimal places, rounded half away from zero; round it with
// Round before storing or showing it.
//
//   - Same kind: q × from.ToBase ÷ to.ToBase; d is ignored.
//   - Volume ↔ weight: uses d (grams per ml = grams(weight) ÷ ml(volume)).
//     d == nil gives an error wrapping ErrNeedsDensity ("cup to oz needs the
//     ingredient's density"); an invalid d gives ErrInvalidDensity.
//   - Count ↔ weight or volume: error wrapping ErrIncompatible.
//
// from and to must be table units (from Parse), else ErrInvalidUnit. q, the
// density values and the result must be below 1e18 in magnitude (q and the
// density values also with an exponent within ±1000), else ErrOutOfRange.
// Negative quantities convert like positive ones.
func Convert(q decimal.Decimal, from, to Unit, d *Density) (decimal.Decimal, error) {
	if err := checkUnit(from); err != nil {
		return decimal.Decimal{}, err
	}
	if err := checkUnit(to); err != nil {
		return decimal.Decimal{}, err
	}
	if err := checkRange("quantity", q); err != nil {
		return decimal.Decimal{}, err
	}

	// num/den accumulate the exact rational factor; one DivRound at the end.
	num := q.Mul(from.ToBase)
	den := to.ToBase
	switch {
	case from.Kind == to.Kind:
		// base units cancel directly
	case from.Kind == Count || to.Kind == Count:
		return decimal.Decimal{}, fmt.Errorf("%w: %s (%s) to %s (%s): count units never convert to weight or volume",
			ErrIncompatible, from.Code, from.Kind, to.Code, to.Kind)
	default: // volume ↔ weight
		if d == nil {
			return decimal.Decimal{}, fmt.Errorf("%s to %s %w", from.Code, to.Code, ErrNeedsDensity)
		}
		if err := d.Validate(); err != nil {
			return decimal.Decimal{}, fmt.Errorf("%s to %s: %w", from.Code, to.Code, err)
		}
		grams := d.WeightValue.Mul(d.WeightUnit.ToBase)
		ml := d.VolumeValue.Mul(d.VolumeUnit.ToBase)
		if from.Kind == Volume { // ml × g/ml = g
			num, den = num.Mul(grams), den.Mul(ml)
		} else { // g ÷ g/ml = ml
			num, den = num.Mul(ml), den.Mul(grams)
		}
	}
	res := num.DivRound(den, Precision)
	if err := checkRange("result", res); err != nil {
		return decimal.Decimal{}, fmt.Errorf("%s %s to %s: %w", q, from.Code, to.Code, err)
	}
	return res, nil
}
