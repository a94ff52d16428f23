package bakersmath_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/tools/bakersmath"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestRoundToWhatABakerMeasures pins the increments of docs/bakers-math.md.
func TestRoundToWhatABakerMeasures(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		exact, unit, display string
		note                 bool
	}{
		{"453.592", "g", "454 g", false},
		{"3.456", "g", "3.5 g", false},
		{"0.01", "g", "0.1 g", true}, // never rounds to nothing
		{"0.3333", "tsp", "3/8 tsp", true},
		{"1.25", "tsp", "1 1/4 tsp", false},
		{"2.8125", "cup", "2 7/8 cup", true}, // 2.2 % more: noted
		{"0.75", "tbsp", "1 tbsp", true},
		{"0.333333", "each", "1/2 each", true},
		{"2.6667", "each", "2 1/2 each", true},
		{"3", "each", "3 each", false},
		{"1.0833", "dozen", "1 1/12 dozen", true},
		{"1.2345", "lb", "1.23 lb", false},
		{"7.5", "jar", "7.5 jar", false},
	} {
		r := bakersmath.Round(dec(c.exact), c.unit)
		if r.Display != c.display || (r.Note != "") != c.note {
			t.Errorf("Round(%s %s) = %q note %q, want %q (note %v)", c.exact, c.unit, r.Display, r.Note, c.display, c.note)
		}
	}
}

// TestPanFactors: a round pan's area ratio is the square of the diameters,
// centimetres convert, and a missing dimension names its field.
func TestPanFactors(t *testing.T) {
	t.Parallel()
	p := func(v string) *decimal.Decimal { d := dec(v); return &d }
	f, _, err := bakersmath.PanFactor(bakersmath.Pan{Shape: "round", Diameter: p("8")}, bakersmath.Pan{Shape: "round", Diameter: p("12")}, false)
	if err != nil || !f.Equal(dec("2.25")) {
		t.Fatalf("8 to 12 in round = %s (%v), want 2.25", f, err)
	}
	f, _, err = bakersmath.PanFactor(bakersmath.Pan{Shape: "square", Side: p("8")}, bakersmath.Pan{Shape: "square", Side: p("20.32"), Unit: "cm"}, false)
	if err != nil || !f.Equal(dec("1")) {
		t.Fatalf("8 in square to 20.32 cm square = %s (%v), want 1", f, err)
	}
	_, which, err := bakersmath.PanFactor(bakersmath.Pan{Shape: "loaf", Length: p("9"), Width: p("5")}, bakersmath.Pan{Shape: "loaf", Length: p("9"), Width: p("5"), Depth: p("3")}, true)
	var pe *bakersmath.PanError
	if !errors.As(err, &pe) || which != "from_pan" || pe.Field != "depth" {
		t.Fatalf("volume without depth: %v %q, want from_pan depth", err, which)
	}
	if _, which, err = bakersmath.PanFactor(bakersmath.Pan{Shape: "hexagon"}, bakersmath.Pan{Shape: "round"}, false); which != "from_pan" || err == nil {
		t.Fatalf("unknown shape: %v %q", err, which)
	}
}

// TestStatementOrder: descending weight at every level, one entry for an
// ingredient used twice, unweighed entries last in their given order.
func TestStatementOrder(t *testing.T) {
	t.Parallel()
	w := func(name, g string) bakersmath.LabelItem {
		return bakersmath.LabelItem{Name: name, Grams: dec(g), Weighed: true}
	}
	items := bakersmath.Order([]bakersmath.LabelItem{
		w("Sugar", "100"), {Name: "Eggs"}, w("Flour", "150"), w("Sugar", "100"), {Name: "Vanilla"},
		{Name: "Streusel", Grams: dec("120"), Weighed: true, Children: []bakersmath.LabelItem{w("Butter", "40"), w("Oats", "80")}},
	})
	if got := bakersmath.Statement(items); got != "Sugar, Flour, Streusel (Oats, Butter), Eggs, Vanilla" {
		t.Fatalf("statement %q", got)
	}
	if got := bakersmath.Unweighed(items); len(got) != 2 || got[0] != "Eggs" {
		t.Fatalf("unweighed %v", got)
	}
}
