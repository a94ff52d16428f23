package tools

import (
	"strings"

	"github.com/shopspring/decimal"
)

// ProductLabel is the name a person reads for a product ("King Arthur
// All-Purpose Flour, 25 lb"): brand, then the product's own name or else its
// ingredient's, then the package. Products imported from the desktop have
// only a composite key for a slug (all_purpose_flour:King Arthur:25:lb),
// which stays the lookup key; this is what lists and shopping lines show.
func ProductLabel(brand, productName *string, ingredientName string, qty decimal.Decimal, unit string) string {
	b, name := trimmed(brand), trimmed(productName)
	if name == "" {
		name = strings.TrimSpace(ingredientName)
	}
	label := name
	if b != "" && !strings.HasPrefix(NameKey(name), NameKey(b)) {
		label = strings.TrimSpace(b + " " + name)
	}
	// The size is added unless the name already says it ("AP Flour 1 lb").
	if size := qty.String() + " " + unit; unit != "" && qty.IsPositive() && !strings.HasSuffix(NameKey(label), NameKey(size)) {
		label += ", " + size
	}
	return label
}

func trimmed(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}
