package bakersmath

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Rounded is a scaled quantity as a baker measures it.
type Rounded struct {
	Value   decimal.Decimal // the rounded quantity
	Display string          // "1 3/8 cup", "2 1/2 each", "454 g"
	Note    string          // set when rounding changed the amount noticeably, or for a part of a whole item
}

// step is the measuring increment of a unit and whether it shows as a
// fraction (kitchen measures) or as a decimal (scales).
type step struct {
	small, large decimal.Decimal // small applies below threshold
	threshold    decimal.Decimal
	fraction     bool
	denominator  int64 // for fraction display
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// steps are the rounding increments per unit code (units.Codes).
var steps = map[string]step{
	"g":     {small: d("0.1"), large: d("1"), threshold: d("10")},
	"kg":    {small: d("0.001"), large: d("0.001"), threshold: d("0")},
	"oz":    {small: d("0.05"), large: d("0.05"), threshold: d("0")},
	"lb":    {small: d("0.01"), large: d("0.01"), threshold: d("0")},
	"ml":    {small: d("0.1"), large: d("1"), threshold: d("10")},
	"l":     {small: d("0.01"), large: d("0.01"), threshold: d("0")},
	"tsp":   {small: d("0.125"), large: d("0.125"), threshold: d("0"), fraction: true, denominator: 8},
	"tbsp":  {small: d("0.5"), large: d("0.5"), threshold: d("0"), fraction: true, denominator: 2},
	"fl oz": {small: d("0.25"), large: d("0.25"), threshold: d("0"), fraction: true, denominator: 4},
	"cup":   {small: d("0.125"), large: d("0.125"), threshold: d("0"), fraction: true, denominator: 8},
	"pt":    {small: d("0.125"), large: d("0.125"), threshold: d("0"), fraction: true, denominator: 8},
	"qt":    {small: d("0.125"), large: d("0.125"), threshold: d("0"), fraction: true, denominator: 8},
	"gal":   {small: d("0.125"), large: d("0.125"), threshold: d("0"), fraction: true, denominator: 8},
	"each":  {small: d("0.5"), large: d("0.5"), threshold: d("0"), fraction: true, denominator: 2},
	"count": {small: d("0.5"), large: d("0.5"), threshold: d("0"), fraction: true, denominator: 2},
	"piece": {small: d("0.5"), large: d("0.5"), threshold: d("0"), fraction: true, denominator: 2},
	"dozen": {fraction: true, denominator: 12},
}

var countUnits = map[string]bool{"each": true, "count": true, "piece": true, "dozen": true}

// noticeable is the relative change (2 %) above which rounding is noted.
var noticeable = d("0.02")

// Round rounds exact (in unit) to the unit's measuring increment: grams to
// 1 g (0.1 g below 10 g), teaspoons and cups to 1/8, tablespoons to 1/2,
// whole items to halves — never to nothing: a positive amount rounds to at
// least one increment. An unknown unit keeps 2 decimal places.
func Round(exact decimal.Decimal, unit string) Rounded {
	st, ok := steps[unit]
	if !ok {
		v := exact.Round(2)
		return Rounded{Value: v, Display: v.String() + " " + unit}
	}
	inc := st.large
	if exact.LessThan(st.threshold) {
		inc = st.small
	}
	var n decimal.Decimal
	if st.fraction { // count whole 1/denominator parts, so 1/12 dozen stays exact
		n = exact.Mul(decimal.NewFromInt(st.denominator)).Round(0)
	} else {
		n = exact.Div(inc).Round(0)
	}
	if n.IsZero() && exact.IsPositive() {
		n = decimal.NewFromInt(1)
	}
	var r Rounded
	if st.fraction {
		r.Value = n.DivRound(decimal.NewFromInt(st.denominator), 6)
		r.Display = fraction(n.IntPart(), st.denominator) + " " + unit
	} else {
		r.Value = n.Mul(inc).Round(4)
		r.Display = r.Value.String() + " " + unit
	}
	changed := !r.Value.Equal(exact.Round(6))
	switch {
	case countUnits[unit] && changed:
		r.Note = fmt.Sprintf("exactly %s %s; rounded to %s — for a part of an item, beat it and weigh or measure the part", exact.Round(4), unit, r.Display)
	case changed && exact.IsPositive() && r.Value.Sub(exact).Abs().Div(exact).GreaterThan(noticeable):
		r.Note = fmt.Sprintf("exactly %s %s; rounded to %s", exact.Round(4), unit, r.Display)
	}
	return r
}

// fraction shows num/den as a mixed number: "1 3/8", "1/2", "3".
func fraction(num, den int64) string {
	whole, rest := num/den, num%den
	if rest == 0 {
		return fmt.Sprint(whole)
	}
	g := gcd(rest, den)
	part := fmt.Sprintf("%d/%d", rest/g, den/g)
	if whole == 0 {
		return part
	}
	return fmt.Sprintf("%d %s", whole, part)
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
