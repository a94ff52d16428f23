package tools

import (
	"math"
	"strings"
	"time"

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

// clampInt32 is n as an int32 column value, saturating at its maximum
// (validation has bounded every such argument long before).
func clampInt32(n int) int32 {
	if n > math.MaxInt32 {
		return math.MaxInt32
	}
	if n < math.MinInt32 {
		return math.MinInt32
	}
	return int32(n)
}

// yearOf is t's year as the events.year column holds it.
func yearOf(t time.Time) int32 { return clampInt32(t.Year()) }
