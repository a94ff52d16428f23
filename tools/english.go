package tools

import "github.com/shopspring/decimal"

// plural is one for a count of exactly 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// quantityOf says a decimal amount with its noun in English: "1 package",
// "2 packages", "0.5 packages" (only exactly one is singular).
func quantityOf(n decimal.Decimal, one, many string) string {
	if n.Equal(decimal.NewFromInt(1)) {
		return n.String() + " " + one
	}
	return n.String() + " " + many
}
