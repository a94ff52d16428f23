package units_test

import (
	"errors"
	"fmt"

	"github.com/baketracker/baketracker/units"
	"github.com/shopspring/decimal"
)

func ExampleConvert() {
	cup, _ := units.Parse("Cups")
	grams, _ := units.Parse("grams")
	flour, _ := units.ParseDensity("1", "cup", "4.25", "oz") // 1 cup of flour weighs 4.25 oz

	g, _ := units.Convert(decimal.NewFromInt(2), cup, grams, flour)
	fmt.Println(units.Round(g).StringFixed(4), grams)

	_, err := units.Convert(decimal.NewFromInt(2), cup, grams, nil)
	fmt.Println(err, errors.Is(err, units.ErrNeedsDensity))
	// Output:
	// 240.9708 g
	// cup to g needs the ingredient's density true
}

func ExampleParse() {
	u, _ := units.Parse("  FL  OZ ")
	fmt.Println(u.Code, u.Kind, u.ToBase)
	_, err := units.Parse("jar")
	fmt.Println(err)
	// Output:
	// fl oz volume 29.5735
	// "jar" is a package type, not a unit of measure; give the unit of its contents instead (accepted: g, kg, oz, lb, ml, l, tsp, tbsp, fl oz, cup, pt, qt, gal, each, count, piece, dozen)
}
