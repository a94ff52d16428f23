package importer

import (
	"encoding/json"
	"testing"
)

// FuzzRecord runs a record through every getter and the canonical form:
// whatever the JSON holds, reading it reports errors, never panics, and the
// extra keys are valid JSON.
func FuzzRecord(f *testing.F) {
	for _, s := range []string{
		`{"quantity": "8.9900", "purchase_date": "2025-12-26T17:39:13.554852", "upc": 71012010615, "is_hidden": "yes"}`,
		`{"quantity": 1e400, "date": "2026-01-07T23:23:19.772500+00:00Z", "x": [1, {"b": 2.50}]}`,
		`{"quantity": null, "date": 5, "list": "nope", "n": -0.0}`,
	} {
		f.Add([]byte(s))
	}
	keys := []string{"quantity", "purchase_date", "date", "upc", "is_hidden", "x", "list", "n"}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := parseRecord(data)
		if err != nil {
			return
		}
		for _, k := range keys {
			r.str(k)
			r.text(k)
			_, _, _ = r.dec(k)
			_, _, _ = r.integer(k)
			r.boolean(k)
			r.list(k)
			_, _, _ = r.date(k)
		}
		if extra := r.extra(); !json.Valid(extra) {
			t.Fatalf("extra %s is not JSON", extra)
		}
		_ = canonicalJSON(data)
		_ = r.label("quantity")
	})
}
