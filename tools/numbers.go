package tools

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/shopspring/decimal"
)

// findBadNumber finds the first number in raw that the decoder cannot hold,
// with its field path: one beyond float range anywhere (1e400), a decimal
// quantity whose digits shopspring/decimal refuses, or a whole-number field
// given a fraction or a value beyond 64 bits. It runs only after decoding
// failed, so the good path never pays for it.
func findBadNumber(raw []byte, s *jsonschema.Schema) (field, reason string, bad bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return "", "", false
	}
	return badNumber(v, s, "")
}

func badNumber(v any, s *jsonschema.Schema, path string) (string, string, bool) {
	switch v := v.(type) {
	case json.Number:
		if s != nil && s.Pattern == decimalInput.Pattern {
			if _, err := decimal.NewFromString(v.String()); err != nil {
				return orWord(path, "arguments"), "is a decimal number with too many digits", true
			}
		}
		if s != nil && isType(s, "integer") {
			if _, err := strconv.ParseInt(v.String(), 10, 64); err != nil {
				return orWord(path, "arguments"), "must be a whole number in range", true
			}
		}
		if _, err := strconv.ParseFloat(v.String(), 64); err != nil {
			return orWord(path, "arguments"), "is too large a number", true
		}
	case string:
		if s != nil && s.Pattern == decimalInput.Pattern {
			if _, err := decimal.NewFromString(v); err != nil {
				return orWord(path, "arguments"), "is a decimal number with too many digits", true
			}
		}
	case map[string]any:
		for k, x := range v {
			var sub *jsonschema.Schema
			if s != nil {
				sub = s.Properties[k]
			}
			if f, r, bad := badNumber(x, sub, join(path, Shorten(k))); bad {
				return f, r, true
			}
		}
	case []any:
		var items *jsonschema.Schema
		if s != nil {
			items = s.Items
		}
		for i, x := range v {
			if f, r, bad := badNumber(x, items, fmt.Sprintf("%s[%d]", path, i)); bad {
				return f, r, true
			}
		}
	}
	return "", "", false
}

// Shorten keeps a client's text short enough to repeat in an error: a
// property name can be megabytes long.
func Shorten(s string) string {
	const most = 60
	if r := []rune(s); len(r) > most {
		return string(r[:most]) + "…"
	}
	return s
}
