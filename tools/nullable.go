package tools

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Conversions between optional values and NULL columns, one of each for
// every tool (they were copied per file as catalogText, pantryOpt,
// recipeOpt, optText, catalogDeref, pantryText and pantryDec).

// textOrNil trims s and returns nil for an empty result: optional text
// columns store NULL, never "".
func textOrNil(s string) *string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return &s
}

// textOf is *s, or "" for NULL.
func textOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// decOrNil is a nullable numeric as an optional output.
func decOrNil(d decimal.NullDecimal) *decimal.Decimal {
	if !d.Valid {
		return nil
	}
	v := d.Decimal
	return &v
}
