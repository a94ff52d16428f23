package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// record is one JSON object of the file. Getters mark the keys they read;
// whatever no getter read is the record's extra (unknown keys, H25), kept in
// the row's extra jsonb so nothing is lost.
type record struct {
	fields map[string]json.RawMessage
	used   map[string]bool
}

// parseRecord decodes raw as a JSON object.
func parseRecord(raw json.RawMessage) (*record, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, fmt.Errorf("expected a JSON object, got %s", describeJSON(raw))
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("not a JSON object: %v", err)
	}
	return &record{fields: m, used: map[string]bool{}}, nil
}

// describeJSON names the JSON type of raw for messages.
func describeJSON(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

// get returns the first of keys that is present and not null, marking every
// key it looks at as read.
func (r *record) get(keys ...string) (string, json.RawMessage, bool) {
	for _, k := range keys {
		r.used[k] = true
	}
	for _, k := range keys {
		v, ok := r.fields[k]
		if !ok {
			continue
		}
		v = bytes.TrimSpace(v)
		if len(v) == 0 || string(v) == "null" {
			continue
		}
		return k, v, true
	}
	return "", nil, false
}

// has reports whether any of keys is present (even as null).
func (r *record) has(keys ...string) bool {
	for _, k := range keys {
		if _, ok := r.fields[k]; ok {
			return true
		}
	}
	return false
}

// ignore marks keys as understood without reading them (desktop ids and
// timestamps that have no cloud meaning).
func (r *record) ignore(keys ...string) {
	for _, k := range keys {
		r.used[k] = true
	}
}

// str returns a string value. A JSON number is returned as its literal text
// (barcodes and ZIP codes exported as numbers keep their digits); a boolean
// as "true"/"false". Objects and lists are not strings.
func (r *record) str(keys ...string) (string, bool) {
	_, v, ok := r.get(keys...)
	if !ok {
		return "", false
	}
	switch v[0] {
	case '"':
		var s string
		if json.Unmarshal(v, &s) != nil {
			return "", false
		}
		return s, true
	case '{', '[':
		return "", false
	default:
		return string(v), true
	}
}

// text returns a trimmed optional text value; empty text is no value.
func (r *record) text(keys ...string) *string {
	s, ok := r.str(keys...)
	if !ok {
		return nil
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return &s
}

// dec returns a decimal from a JSON number or a numeric string ("8.9900",
// H24). ok is false when absent; err when present but not a number.
func (r *record) dec(keys ...string) (d decimal.Decimal, ok bool, err error) {
	k, v, present := r.get(keys...)
	if !present {
		return decimal.Zero, false, nil
	}
	d, err = parseDecimal(v)
	if err != nil {
		return decimal.Zero, false, fmt.Errorf("%s: %v", k, err)
	}
	return d, true, nil
}

// parseDecimal reads a JSON number or string as an exact decimal, never
// through float64.
func parseDecimal(v json.RawMessage) (decimal.Decimal, error) {
	s := string(v)
	if len(v) > 0 && v[0] == '"' {
		if err := json.Unmarshal(v, &s); err != nil {
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

// integer returns a whole number (a JSON number, or a string of digits).
func (r *record) integer(keys ...string) (int64, bool, error) {
	d, ok, err := r.dec(keys...)
	if err != nil || !ok {
		return 0, ok, err
	}
	if !d.IsInteger() || d.Abs().GreaterThan(decimal.NewFromInt(1<<31-1)) {
		return 0, false, fmt.Errorf("%s is not a whole number", d)
	}
	return d.IntPart(), true, nil
}

// boolean returns a JSON boolean (also "true"/"false"/"1"/"0"/"yes"/"no"
// strings and 0/1 numbers, as hand-edited files contain).
func (r *record) boolean(keys ...string) (bool, bool) {
	_, v, ok := r.get(keys...)
	if !ok {
		return false, false
	}
	s := strings.Trim(strings.ToLower(string(v)), `" `)
	switch s {
	case "true", "1", "yes", "y":
		return true, true
	case "false", "0", "no", "n", "":
		return false, true
	}
	return false, false
}

// list returns a JSON list value.
func (r *record) list(keys ...string) ([]json.RawMessage, bool) {
	_, v, ok := r.get(keys...)
	if !ok || v[0] != '[' {
		return nil, false
	}
	var items []json.RawMessage
	if json.Unmarshal(v, &items) != nil {
		return nil, false
	}
	return items, true
}

// date reads a date or timestamp and returns its calendar date as written
// (H24: "2025-12-21", "…Z", "…+00:00", naive "…T17:39:13.554852",
// "…+00:00Z").
func (r *record) date(keys ...string) (time.Time, bool, error) {
	k, _, present := r.get(keys...)
	if !present {
		return time.Time{}, false, nil
	}
	s, _ := r.str(k)
	d, err := parseDate(s)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("%s: %v", k, err)
	}
	return d, true, nil
}

// parseDate takes the calendar date at the start of a date or timestamp.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	var d time.Time
	var err error = errNotDate
	if len(s) >= 10 {
		if d, err = time.Parse("2006-01-02", s[:10]); err == nil && len(s) > 10 && s[10] != 'T' && s[10] != ' ' && s[10] != 't' {
			err = errNotDate
		}
	}
	for _, layout := range []string{"01/02/2006", "2006/01/02", "1/2/2006"} {
		if err == nil {
			break
		}
		d, err = time.Parse(layout, s)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date (expected YYYY-MM-DD or an ISO timestamp)", s)
	}
	// Dates far from the bakery's lifetime are typos (and year 0 is not a
	// PostgreSQL date at all).
	if d.Year() < 1900 || d.Year() > 2999 {
		return time.Time{}, fmt.Errorf("%q is outside the years 1900–2999", s)
	}
	return d, nil
}

var errNotDate = errors.New("not a date")

// parseTimestamp reads an ISO timestamp in any of the forms of H24; a naive
// one is taken as UTC.
func parseTimestamp(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "Z") && len(s) > 6 && (strings.Contains(s[len(s)-7:], "+") || strings.Contains(s[len(s)-7:], "-")) {
		s = strings.TrimSuffix(s, "Z") // "+00:00Z": offset and Z
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1900 && t.Year() <= 2999 {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a timestamp", s)
}

// extra returns the keys no getter read, as a JSON object ("{}" if none).
func (r *record) extra() json.RawMessage {
	var keys []string
	for k := range r.fields {
		if !r.used[k] {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return json.RawMessage("{}")
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(bytes.TrimSpace(r.fields[k]))
	}
	b.WriteByte('}')
	return b.Bytes()
}

// label names a record in warnings: its slug, else its name.
func (r *record) label(keys ...string) string {
	for _, k := range keys {
		if v, ok := r.fields[k]; ok {
			var s string
			if json.Unmarshal(v, &s) == nil && strings.TrimSpace(s) != "" {
				if utf8.RuneCountInString(s) > 60 {
					s = truncate(s, 57) + "..."
				}
				return fmt.Sprintf("%s %q", k, s)
			}
		}
	}
	return ""
}

// canonicalJSON re-encodes a JSON value with sorted keys, no spaces and
// numbers in their shortest exact decimal form, so a record read from the
// file and the same record read back from jsonb compare equal.
func canonicalJSON(raw json.RawMessage) string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return string(raw)
	}
	var b bytes.Buffer
	writeCanonical(&b, v)
	return b.String()
}

func writeCanonical(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			b.Write(kb)
			b.WriteByte(':')
			writeCanonical(b, x[k])
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeCanonical(b, e)
		}
		b.WriteByte(']')
	case json.Number:
		if d, err := decimal.NewFromString(string(x)); err == nil && d.Exponent() > -40 && d.Exponent() < 40 {
			b.WriteString(d.String())
		} else {
			b.WriteString(string(x))
		}
	default:
		eb, _ := json.Marshal(x)
		b.Write(eb)
	}
}

// decString is a decimal's plain text without trailing zeros ("25", "0.4"),
// the form numeric keys are compared in (H11: 5.0 and 5 are the same).
func decString(d decimal.Decimal) string {
	s := d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// tooLong reports whether s has more than n characters (the CHECK limits
// of the name and slug columns).
func tooLong(s *string, n int) bool { return s != nil && utf8.RuneCountInString(*s) > n }

// itoa formats an int for messages and keys.
func itoa(i int) string { return strconv.Itoa(i) }
