package tools

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/units"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func mustUnit(t *testing.T, code string) units.Unit {
	t.Helper()
	u, err := units.Parse(code)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestAllocateFIFO(t *testing.T) {
	t.Parallel()
	lb, oz, g, cup := mustUnit(t, "lb"), mustUnit(t, "oz"), mustUnit(t, "g"), mustUnit(t, "cup")
	old, mid, young := uuid.New(), uuid.New(), uuid.New()
	lots := []fifoLot{
		{ID: old, Quantity: dec("1"), Unit: lb, UnitCost: decimal.NewNullDecimal(dec("2.00"))},   // 1 lb at $2/lb
		{ID: mid, Quantity: dec("0.0005"), Unit: lb, UnitCost: decimal.NewNullDecimal(dec("9"))}, // empty: below 0.001
		{ID: young, Quantity: dec("16"), Unit: oz},                                               // 16 oz, cost unknown
	}

	t.Run("AcrossLotsWithUnknownCost", func(t *testing.T) {
		t.Parallel()
		// Need 24 oz: the 1 lb lot gives 16 oz (all of it, $2.00), the
		// young lot gives 8 oz of its 16 at unknown cost.
		res, err := allocateFIFO(lots, dec("24"), oz, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Takes) != 2 || res.Takes[0].LotID != old || res.Takes[1].LotID != young {
			t.Fatalf("takes %+v, want the old lot then the young one", res.Takes)
		}
		if !res.Takes[0].Taken.Equal(dec("1")) || !res.Takes[0].Remaining.IsZero() {
			t.Errorf("old lot took %s left %s, want 1 and 0", res.Takes[0].Taken, res.Takes[0].Remaining)
		}
		if !res.Takes[1].Taken.Equal(dec("8")) || !res.Takes[1].Remaining.Equal(dec("8")) {
			t.Errorf("young lot took %s left %s, want 8 and 8", res.Takes[1].Taken, res.Takes[1].Remaining)
		}
		if !res.Cost.Equal(dec("2")) || !res.UnknownCost || !res.Shortfall.IsZero() {
			t.Errorf("cost %s unknown %v shortfall %s, want 2, true, 0", res.Cost, res.UnknownCost, res.Shortfall)
		}
	})
	t.Run("Shortfall", func(t *testing.T) {
		t.Parallel()
		// 1000 g wanted; 1 lb + 16 oz = 907.184 g on hand.
		res, err := allocateFIFO(lots, dec("1000"), g, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !units.Round(res.Consumed).Equal(dec("907.184")) || !units.Round(res.Shortfall).Equal(dec("92.816")) {
			t.Errorf("consumed %s shortfall %s, want 907.184 and 92.816", res.Consumed, res.Shortfall)
		}
	})
	t.Run("NeedsDensity", func(t *testing.T) {
		t.Parallel()
		_, err := allocateFIFO(lots, dec("1"), cup, nil)
		if !errors.Is(err, units.ErrNeedsDensity) {
			t.Fatalf("got %v, want ErrNeedsDensity", err)
		}
		// 1 cup = 4.25 oz: 2 cups take 8.5 oz = 0.53125 lb of the first lot,
		// costing 0.5313 × $2 = $1.0626 (the take is stored to 4 places).
		d, err := units.ParseDensity("1", "cup", "4.25", "oz")
		if err != nil {
			t.Fatal(err)
		}
		res, err := allocateFIFO(lots, dec("2"), cup, d)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Takes) != 1 || !res.Takes[0].Taken.Equal(dec("0.5313")) || !res.Cost.Equal(dec("1.0626")) {
			t.Errorf("takes %+v cost %s, want one take of 0.5313 lb costing 1.0626", res.Takes, res.Cost)
		}
	})
}

func TestNameKeyAndSlug(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Wegman’s":                "wegmans",
		"Wegman's":                "wegmans",
		"  Crème   Fraîche ":      "creme fraiche",
		"Toasted Almond Sablés":   "toasted almond sables",
		"Flour, All-Purpose (AP)": "flour all purpose ap",
	} {
		if got := NameKey(in); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Slug("Chocolate Chip Cookies", '-'); got != "chocolate-chip-cookies" {
		t.Errorf("recipe slug %q", got)
	}
	if got := Slug("Flour, All-Purpose", '_'); got != "flour_all_purpose" {
		t.Errorf("ingredient slug %q", got)
	}
	if s := Similarity("all purpose flour", "flour all purpose"); s < 0.9 {
		t.Errorf("word order should barely matter, got %.2f", s)
	}
	if s := Similarity("bread flour", "chocolate chips"); s > 0.1 {
		t.Errorf("unrelated names scored %.2f", s)
	}
}
