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

	"github.com/baketracker/baketracker/tools"
)

// record is one JSON object of the file. Getters mark the keys they read;
// whatever no getter read is the record's extra (unknown keys, H25), kept in
// the row's extra jsonb so nothing is lost.
type record struct {
	fields map[string]json.RawMessage
	used   map[string]bool
	// lost names keys whose value was present but not used (a spelling
	// that lost to another, a value that could not be read): they stay in
	// extra and the loader warns (eachRecord).
	lost []string
}

// parseRecord decodes raw as a JSON object.
func parseRecord(raw json.RawMessage) (*record, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, fmt.Errorf("expected a JSON object, got %s", describeJSON(raw))
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
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

// get returns the first of keys that is present and not null. It marks
// that key, and the absent or null ones, as read; another spelling that
// also has a value is left unread, so it stays in extra (with a warning)
// rather than vanishing.
func (r *record) get(keys ...string) (string, json.RawMessage, bool) {
	found := ""
	var val json.RawMessage
	for _, k := range keys {
		v, ok := r.fields[k]
		v = bytes.TrimSpace(v)
		if !ok || len(v) == 0 || string(v) == "null" {
			r.used[k] = true
			continue
		}
		if found == "" {
			found, val = k, v
			r.used[k] = true
		} else if !r.used[k] {
			r.lost = append(r.lost, fmt.Sprintf("%s (also given as %s)", k, found))
		}
	}
	return found, val, found != ""
}

// unread puts key back among the unread keys: its value could not be used
// and is kept in extra instead (the loader warns).
func (r *record) unread(key string) {
	if _, ok := r.fields[key]; !ok || !r.used[key] {
		return
	}
	r.used[key] = false
	r.lost = append(r.lost, fmt.Sprintf("%s %s", key, firstRunes(bytes.TrimSpace(r.fields[key]), 40)))
}

// lostKeys are the unread keys noted by get and unread that are still
// unread (a later getter may have used them after all).
func (r *record) lostKeys() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range r.lost {
		k, _, _ := strings.Cut(s, " ")
		if !r.used[k] && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
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
		k, _, _ := r.get(keys...)
		r.unread(k)
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
		r.unread(k)
		return decimal.Zero, false, fmt.Errorf("%s: %w", k, err)
	}
	// Quantities are numeric(14,4): a larger value would fail the whole
	// import in the database, so it is refused here, for this record only.
	if d.Abs().GreaterThanOrEqual(maxQuantity) {
		r.unread(k)
		return decimal.Zero, false, fmt.Errorf("%s: %s is too large (at most 9999999999.9999)", k, d)
	}
	return d, true, nil
}

// qty is dec for quantities stored at 4 decimal places (numeric(14,4) and
// numeric(7,4)): a nonzero value that rounds to zero there would break the
// column's "> 0" or "<> 0" check in the database and fail the whole import,
// so it is refused here, for this record only. Money, whose unit costs keep
// 6 places, reads through dec.
func (r *record) qty(keys ...string) (decimal.Decimal, bool, error) {
	d, ok, err := r.dec(keys...)
	if err == nil && ok && !d.IsZero() && d.Round(4).IsZero() {
		k, _, _ := r.get(keys...)
		r.unread(k)
		return decimal.Zero, false, fmt.Errorf("%s: %s rounds to 0 at 4 decimal places", k, d)
	}
	return d, ok, err
}

var (
	maxQuantity = decimal.New(1, 10) // numeric(14,4)
	maxMoney    = decimal.New(1, 8)  // numeric(12,4) and numeric(14,6)
)

// parseDecimal reads a JSON number or string as an exact decimal, never
// through float64: the phone scan decoder's rule, shared with
// resolve_barcode_review (tools.ScanDecimal).
func parseDecimal(v json.RawMessage) (decimal.Decimal, error) { return tools.ScanDecimal(v) }

// integer returns a whole number (a JSON number, or a string of digits).
func (r *record) integer(keys ...string) (int64, bool, error) {
	d, ok, err := r.dec(keys...)
	if err != nil || !ok {
		return 0, ok, err
	}
	if !d.IsInteger() || d.Abs().GreaterThan(decimal.NewFromInt(1<<31-1)) {
		k, _, _ := r.get(keys...)
		r.unread(k)
		return 0, false, fmt.Errorf("%s is not a whole number", d)
	}
	return d.IntPart(), true, nil
}

// boolean returns a JSON boolean (also "true"/"false"/"1"/"0"/"yes"/"no"
// strings and 0/1 numbers, as hand-edited files contain).
func (r *record) boolean(keys ...string) (bool, bool) {
	k, v, ok := r.get(keys...)
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
	r.unread(k)
	return false, false
}

// list returns a JSON list value.
func (r *record) list(keys ...string) ([]json.RawMessage, bool) {
	k, v, ok := r.get(keys...)
	if !ok {
		return nil, false
	}
	var items []json.RawMessage
	if v[0] != '[' || json.Unmarshal(v, &items) != nil {
		r.unread(k)
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
		r.unread(k)
		return time.Time{}, false, fmt.Errorf("%s: %w", k, err)
	}
	return d, true, nil
}

// parseDate takes the calendar date at the start of a date or timestamp.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	var d time.Time
	err := errNotDate
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

// keyOf returns the first of keys holding a non-null value ("" if none).
func (r *record) keyOf(keys ...string) string {
	for _, k := range keys {
		if v := bytes.TrimSpace(r.fields[k]); len(v) > 0 && string(v) != "null" {
			return k
		}
	}
	return ""
}

// keepInExtra leaves key's value in extra although it was read: its column
// holds a shortened copy, and export writes the full value back.
func (r *record) keepInExtra(key string) {
	if key != "" {
		r.used[key] = false
	}
}
