package tools

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The accepted spellings of a phone scan record's fields, first preferred.
// The importer reads scans with these keys and ScanDecimal, and
// resolve_barcode_review decodes a queued scan with DecodeScanRecord, so a
// scan means the same thing whether it matched at import or later.
var (
	ScanDateKeys      = []string{"purchased_at", "scanned_at", "purchase_date"}
	ScanQuantityKeys  = []string{"quantity_purchased", "quantity"}
	ScanPriceKeys     = []string{"unit_price", "price"}
	ScanRemainingKeys = []string{"remaining_percentage", "percentage_remaining", "percentage"}
)

// ScanRecord is a decoded phone scan. A nil field was absent (or null);
// Problems maps a present field that could not be read to why.
type ScanRecord struct {
	Date      *time.Time
	ScannedAt string
	Packages  *decimal.Decimal
	UnitPrice *decimal.Decimal
	Remaining *decimal.Decimal
	Notes     *string
	Problems  map[string]string
}

// ScanDecimal reads a JSON number or a numeric string ("8.9900", "$4.99")
// as an exact decimal, never through float64.
func ScanDecimal(v json.RawMessage) (decimal.Decimal, error) {
	s := strings.TrimSpace(string(v))
	if len(s) > 0 && s[0] == '"' {
		if err := json.Unmarshal([]byte(s), &s); err != nil {
			return decimal.Zero, fmt.Errorf("%s is not a number", v)
		}
		s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "$"))
	}
	if s == "" || len(s) > 64 {
		return decimal.Zero, fmt.Errorf("%q is not a number", s)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Zero, fmt.Errorf("%q is not a number", s)
	}
	// Exponents far outside what any column holds would make decimal
	// arithmetic huge; refuse them here.
	if d.Exponent() < -30 || d.Exponent() > 30 {
		return decimal.Zero, fmt.Errorf("%q is out of range", s)
	}
	return d, nil
}

// firstPresent returns the first of keys with a non-null value.
func firstPresent(m map[string]json.RawMessage, keys []string) (string, json.RawMessage, bool) {
	for _, k := range keys {
		v := json.RawMessage(strings.TrimSpace(string(m[k])))
		if len(v) > 0 && string(v) != "null" {
			return k, v, true
		}
	}
	return "", nil, false
}

// DecodeScanRecord decodes a scan record (a review's payload) with every
// accepted spelling.
func DecodeScanRecord(payload json.RawMessage) ScanRecord {
	var out ScanRecord
	out.Problems = map[string]string{}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(payload, &m); err != nil {
		out.Problems["payload"] = "is not a JSON object"
		return out
	}
	dec := func(keys []string) *decimal.Decimal {
		k, v, ok := firstPresent(m, keys)
		if !ok {
			return nil
		}
		d, err := ScanDecimal(v)
		if err != nil {
			out.Problems[k] = err.Error()
			return nil
		}
		return &d
	}
	out.Packages = dec(ScanQuantityKeys)
	out.UnitPrice = dec(ScanPriceKeys)
	out.Remaining = dec(ScanRemainingKeys)
	str := func(v json.RawMessage) (string, bool) {
		var s string
		if json.Unmarshal(v, &s) != nil {
			return "", false
		}
		return strings.TrimSpace(s), true
	}
	if v, ok := m["scanned_at"]; ok {
		out.ScannedAt, _ = str(v)
	}
	if k, v, ok := firstPresent(m, ScanDateKeys); ok {
		s, _ := str(v)
		if len(s) >= 10 {
			if d, err := time.Parse("2006-01-02", s[:10]); err == nil {
				out.Date = &d
			}
		}
		if out.Date == nil {
			out.Problems[k] = fmt.Sprintf("%s is not a date (expected YYYY-MM-DD or an ISO timestamp)", v)
		}
	}
	if v, ok := m["notes"]; ok {
		if s, ok := str(v); ok && s != "" {
			out.Notes = &s
		}
	}
	return out
}
