package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Format is the kind of file, sniffed from its shape (docs/import.md §1).
type Format string

// The formats the importer reads.
const (
	// FormatDesktopBackup is a normalized backup ("application":
	// "bake-tracker" with a version, or any of the entity sections).
	FormatDesktopBackup Format = "desktop_backup"
	// FormatRecipeCatalog is a top-level "recipes" list with no application.
	FormatRecipeCatalog Format = "recipe_catalog"
	// FormatDesktopEntity is one file of a multi-file backup:
	// {"entity_type": "products", "records": [...]}.
	FormatDesktopEntity Format = "desktop_entity_file"
	// FormatMobilePurchases is a phone purchase file (import_type purchases).
	FormatMobilePurchases Format = "mobile_purchases"
	// FormatMobileInventory is a phone inventory file (import_type
	// inventory_updates or adjustments).
	FormatMobileInventory Format = "mobile_inventory"
)

// Kind is what the caller says the file is: desktop, mobile, or "" to
// detect.
type Kind string

// Kinds accepted by Options.Kind.
const (
	KindDetect  Kind = ""
	KindDesktop Kind = "desktop"
	KindMobile  Kind = "mobile"
)

// Mobile reports whether f is a phone file.
func (f Format) Mobile() bool { return f == FormatMobilePurchases || f == FormatMobileInventory }

// File is a decoded import file: its format, version (recorded, never
// checked: H27) and top-level values.
type File struct {
	Format  Format
	Version string
	// Top holds every top-level key. For an entity file of a multi-file
	// backup it is rewritten to {entity_type: records}.
	Top map[string]json.RawMessage
	// MobileList is the key of a phone file's record list.
	MobileList string
	// NULs counts the \u0000 characters removed from strings: PostgreSQL
	// text and jsonb cannot hold them.
	NULs int
}

// ErrUnrecognised is wrapped by Decode when the file is JSON but none of the
// known shapes.
var ErrUnrecognised = errors.New("unrecognised file")

// desktopSections are the entity sections of a normalized backup that mark
// a file as one even without its header (docs/domain.md §1 tiers).
var desktopSections = []string{
	"suppliers", "ingredients", "products", "purchases", "inventory_items", "finished_units", "recipients",
	"events", "materials", "material_products", "finished_goods", "compositions", "packages",
	"package_finished_goods", "event_recipient_packages", "event_production_targets", "event_assembly_targets",
	"production_records", "production_runs", "assembly_runs",
}

// Decode parses data and detects its format. It never panics: anything that
// is not a recognised file is an error saying what was expected.
func Decode(data []byte) (*File, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark from Windows editors
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%w: the file is empty; expected a BakeTracker JSON export", ErrUnrecognised)
	}
	if !utf8.Valid(trimmed) {
		return nil, fmt.Errorf("%w: the file is not UTF-8 text; save it as UTF-8 JSON and try again", ErrUnrecognised)
	}
	if trimmed[0] != '{' {
		return nil, fmt.Errorf("%w: the file is not a JSON object (it starts with %q); expected a BakeTracker JSON export", ErrUnrecognised, firstRunes(trimmed, 20))
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &top); err != nil {
		return nil, fmt.Errorf("%w: the file is not valid JSON: %w", ErrUnrecognised, err)
	}
	if err := duplicateTopKey(trimmed); err != nil {
		return nil, err
	}
	nuls := 0
	if bytes.Contains(trimmed, []byte(`\u0000`)) {
		var cleaned []byte
		cleaned, nuls = stripNULs(trimmed)
		top = nil
		if err := json.Unmarshal(cleaned, &top); err != nil {
			return nil, fmt.Errorf("%w: the file is not valid JSON: %w", ErrUnrecognised, err)
		}
	}
	f := &File{Top: top, NULs: nuls}
	f.Version = firstString(top, "version", "schema_version")

	if it := firstString(top, "import_type"); it != "" {
		switch strings.ToLower(strings.TrimSpace(it)) {
		case "purchases":
			f.Format, f.MobileList = FormatMobilePurchases, "purchases"
		case "inventory_updates":
			f.Format, f.MobileList = FormatMobileInventory, "inventory_updates"
		case "adjustments":
			f.Format, f.MobileList = FormatMobileInventory, "adjustments"
		default:
			return nil, fmt.Errorf("%w: import_type %q is not a phone file type; expected \"purchases\", \"inventory_updates\" or \"adjustments\"", ErrUnrecognised, it)
		}
		return f, nil
	}
	if isContextView(top) {
		return nil, fmt.Errorf("%w: this is a context-rich view (view_type/_meta) made for reading, not a backup; import the normalized backup (with \"application\": \"bake-tracker\") instead", ErrUnrecognised)
	}
	if et := strings.TrimSpace(firstString(top, "entity_type")); et != "" && !envelopeKeys[et] && isList(top["records"]) {
		f.Format = FormatDesktopEntity
		// The records load as the entity's section; every other key (a
		// second list, header values) is kept and reported like any
		// section of a backup. entity_type itself is not: an export that
		// wrote it back would read as an entity file again.
		f.Top = map[string]json.RawMessage{}
		for k, v := range top {
			if k != "entity_type" && k != "records" {
				f.Top[k] = v
			}
		}
		if other, clash := top[et]; clash {
			f.Top["entity_file."+et] = other
		}
		f.Top[et] = top["records"]
		return f, nil
	}
	if strings.EqualFold(strings.TrimSpace(firstString(top, "application")), "bake-tracker") {
		f.Format = FormatDesktopBackup
		return f, nil
	}
	for _, s := range desktopSections {
		if _, ok := top[s]; ok {
			f.Format = FormatDesktopBackup
			return f, nil
		}
	}
	if isList(top["recipes"]) {
		f.Format = FormatRecipeCatalog
		return f, nil
	}
	if firstString(top, "schema_version") != "" && (isList(top["purchases"]) || isList(top["inventory_updates"])) {
		if isList(top["purchases"]) {
			f.Format, f.MobileList = FormatMobilePurchases, "purchases"
		} else {
			f.Format, f.MobileList = FormatMobileInventory, "inventory_updates"
		}
		return f, nil
	}
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 8 {
		keys = append(keys[:8], "…")
	}
	return nil, fmt.Errorf("%w: expected a BakeTracker desktop backup (\"application\": \"bake-tracker\" with sections such as products, recipes, events), "+
		"a recipe catalog (a top-level \"recipes\" list) or a phone file (\"import_type\": \"purchases\" or \"inventory_updates\"); found the keys %s",
		ErrUnrecognised, strings.Join(keys, ", "))
}

// isContextView recognises the desktop's "context-rich" view files.
func isContextView(top map[string]json.RawMessage) bool {
	if _, ok := top["view_type"]; ok {
		return true
	}
	if _, ok := top["export_type"]; ok {
		if _, ok := top["_meta"]; ok {
			return true
		}
	}
	var meta map[string]json.RawMessage
	if raw, ok := top["_meta"]; ok && json.Unmarshal(raw, &meta) == nil {
		_, ok := meta["editable_fields"]
		return ok
	}
	return false
}

func isList(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '['
}

// firstString returns the first of keys holding a string (or a number's text).
func firstString(top map[string]json.RawMessage, keys ...string) string {
	for _, k := range keys {
		raw := bytes.TrimSpace(top[k])
		if len(raw) == 0 {
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		if raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9') {
			return string(raw)
		}
	}
	return ""
}

func firstRunes(b []byte, n int) string {
	r := []rune(string(b))
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// checkKind refuses a file given to the wrong command.
func checkKind(kind Kind, f *File) error {
	switch kind {
	case KindDetect:
		return nil
	case KindDesktop:
		if f.Format.Mobile() {
			return fmt.Errorf("%w: this is a phone file (import_type %q); import it with `import mobile` (kind=mobile)", ErrUnrecognised, f.MobileList)
		}
	case KindMobile:
		if !f.Format.Mobile() {
			return fmt.Errorf("%w: this is a desktop file (%s), not a phone file; import it with `import desktop` (kind=desktop)", ErrUnrecognised, f.Format)
		}
	default:
		return fmt.Errorf("kind %q: expected desktop or mobile", kind)
	}
	return nil
}

// stripNULs removes \u0000 escapes from the strings of a valid JSON
// document (an escaped backslash followed by "u0000" is left alone).
func stripNULs(data []byte) ([]byte, int) {
	out := make([]byte, 0, len(data))
	n := 0
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case !inString:
			inString = c == '"'
		case c == '"':
			inString = false
		case c == '\\':
			if i+5 < len(data) && string(data[i+1:i+6]) == "u0000" {
				i += 5
				n++
				continue
			}
			out = append(out, c)
			i++
			if i < len(data) {
				c = data[i]
			}
		}
		out = append(out, c)
	}
	return out, n
}

// duplicateTopKey refuses a file whose top-level object repeats a key:
// JSON decoding keeps only the last value, so the first one's records would
// vanish without a trace.
func duplicateTopKey(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil //nolint:nilerr // not an object: Detect reports that with its own message
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil //nolint:nilerr // a syntax error: Detect's json.Unmarshal reports it
		}
		k, _ := t.(string)
		if seen[k] {
			return fmt.Errorf("%w: the top-level key %q appears more than once; JSON keeps only the last one, so the others' records would be lost — merge them into one %q and import again",
				ErrUnrecognised, k, k)
		}
		seen[k] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil //nolint:nilerr // a syntax error: Detect's json.Unmarshal reports it
		}
	}
	return nil
}
