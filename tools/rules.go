package tools

import (
	"regexp"
	"slices"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/units"
)

// The stock rules every door applies: add_purchase, adjust_inventory, the
// phone import (package importer) and resolve_barcode_review all call these,
// so a purchase or a "half left" means the same rows whichever way it came
// in. They live in tools, not a package of their own, because their errors
// are tools errors (Invalid names the caller's field).

// PercentReference is what "100 %" of a lot means: what the lot physically
// held when full. A lot is one package (SplitLots), so that is one
// package_unit_quantity; a lot imported partial (2.5 lb left of a 5 lb bag,
// initial 2.5) still came in a 5 lb bag, and a legacy lot of N packages
// (initial N × package) held all N. Hence the larger of the two
// (docs/domain.md §8, "pct refers to one physical package").
func PercentReference(initial, packageQty decimal.Decimal) decimal.Decimal {
	return decimal.Max(initial, packageQty)
}

// PercentRemaining is the quantity a lot holds at pct percent full, rounded
// to the lots' 4 places.
func PercentRemaining(initial, packageQty, pct decimal.Decimal) decimal.Decimal {
	return units.Round(PercentReference(initial, packageQty).Mul(pct).Div(hundred))
}

// SplitLots splits amount (in package_unit) into one lot per physical
// package of packageQty, the last one partial (12.5 lb of 5 lb bags → 5, 5,
// 2.5). field names the caller's argument in errors.
func SplitLots(amount, packageQty decimal.Decimal, field string) ([]decimal.Decimal, error) {
	amount = units.Round(amount)
	if !amount.IsPositive() || !packageQty.IsPositive() {
		return nil, Invalid(field, "%s is too small to record (lots are kept to 4 decimal places)", amount)
	}
	full := amount.Div(packageQty).Floor()
	if full.GreaterThan(decimal.NewFromInt(maxLotsPerPurchase)) {
		return nil, Invalid(field, "%s packages of %s would be one pantry lot each; at most %d per purchase — check the quantity and unit",
			full, packageQty, maxLotsPerPurchase)
	}
	var lots []decimal.Decimal
	for i := int64(0); i < full.IntPart(); i++ {
		lots = append(lots, packageQty)
	}
	if rest := amount.Sub(full.Mul(packageQty)); rest.IsPositive() {
		lots = append(lots, rest)
	}
	return lots, nil
}

// MaxNameLength is the longest name (and generated slug base) in
// characters: the schema's CHECK (length(name) BETWEEN 1 AND 200). The
// tools refuse longer input, the importer truncates or rejects it.
const MaxNameLength = 200

// NameTooLong reports whether s has more than MaxNameLength characters.
func NameTooLong(s string) bool { return utf8.RuneCountInString(s) > MaxNameLength }

// stateCode is a US state as stored: two capital letters.
var stateCode = regexp.MustCompile(`^[A-Z]{2}$`)

// IsStateCode reports whether s is a stored state code ("MA", not "ma").
func IsStateCode(s string) bool { return stateCode.MatchString(s) }

// AdjustmentReasons are the inventory_adjustments.reason values (docs/domain.md
// §3.3: the union of the desktop's depletion reasons and its adjustment-file
// reasons), for record_usage and the importer alike.
var AdjustmentReasons = []string{"production", "assembly", "spoilage", "gift", "correction", "ad_hoc_usage", "waste", "damaged", "other"}

// IsAdjustmentReason reports whether s is one of AdjustmentReasons.
func IsAdjustmentReason(s string) bool { return slices.Contains(AdjustmentReasons, s) }

// PlanStates are the event plan states in their only allowed order
// (nextPlanState moves forward only).
var PlanStates = []string{"draft", "locked", "in_production", "completed"}

// IsPlanState reports whether s is one of PlanStates.
func IsPlanState(s string) bool { return slices.Contains(PlanStates, s) }
