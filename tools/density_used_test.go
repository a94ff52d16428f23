package tools_test

import (
	"testing"

	"github.com/baketracker/baketracker/tools"
)

// TestPurchaseAndUsageReportTheDensityTheyConvertedWith: flour that adopted
// King Arthur's spooned cup (120 g) is stocked by the pound. Buying 10 cups
// of it converts with that density (10 × 120 g = 1200 g = 2.6455 lb) and
// says so, and so does using 2 cups (240 g) of it; an amount in grams needs
// no density and reports none.
func TestPurchaseAndUsageReportTheDensityTheyConvertedWith(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	call[tools.Ingredient](t, e.Client, "create_ingredient", map[string]any{"name": "AP flour", "density_library_entry": "flour_all_purpose_spooned"})
	first := call[tools.AddPurchaseOutput](t, e.Client, "add_purchase", map[string]any{"item_name": "AP flour", "quantity": 5, "unit": "lb", "price": 4, "store": "Mill"})
	if first.DensityUsed != nil || first.PackageUnit != "lb" {
		t.Fatalf("5 lb into lb packages: density %+v, package unit %q", first.DensityUsed, first.PackageUnit)
	}
	cups := call[tools.AddPurchaseOutput](t, e.Client, "add_purchase", map[string]any{"item_name": "AP flour", "quantity": 10, "unit": "cup", "price": 2, "store": "Mill"})
	d := cups.DensityUsed
	if d == nil || d.From != "library" || d.LibraryEntry != "flour_all_purpose_spooned" || d.Method != "spooned" ||
		d.SourceURL != "https://www.kingarthurbaking.com/learn/ingredient-weight-chart" || d.Density != "1 cup = 120 g" {
		t.Fatalf("10 cups bought: density_used %+v, want the King Arthur spooned cup", d)
	}
	rtWantDec(t, "10 cups in packages of 5 lb", cups.Packages, "0.5291") // 2.6455 lb ÷ 5

	used := call[tools.RecordUsageOutput](t, e.Client, "record_usage", map[string]any{"ingredient": "ap_flour", "quantity": 2, "unit": "cup"})
	if used.DensityUsed == nil || used.DensityUsed.LibraryEntry != "flour_all_purpose_spooned" {
		t.Fatalf("2 cups used: density_used %+v", used.DensityUsed)
	}
	rtWantDec(t, "2 cups taken from the pound lot", used.Takes[0].Taken, "0.5291") // 240 g ÷ 453.59237
	grams := call[tools.RecordUsageOutput](t, e.Client, "record_usage", map[string]any{"ingredient": "ap_flour", "quantity": 100, "unit": "g"})
	if grams.DensityUsed != nil {
		t.Fatalf("100 g from a pound lot needs no density, got %+v", grams.DensityUsed)
	}
}
