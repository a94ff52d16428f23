package tools

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/shopspring/decimal"
)

// Caps on free text, in characters (Unicode code points). Every string
// argument has one, set in its input schema, so MCP clients and the README
// see it and validation refuses longer text naming the field.
const (
	// MaxShortText caps names, units, ids, codes and search text; it is the
	// length the name columns allow.
	MaxShortText = 200
	// MaxLongText caps notes and descriptions (a recipe's method lives in its
	// notes).
	MaxLongText = 20000
	// MaxCursorText caps the opaque list cursors the tools hand out.
	MaxCursorText = 1000
	// MaxURLText caps web addresses and sources (a recipe's source is often
	// one).
	MaxURLText = 2000
)

// textCap is the cap for a string argument called name.
func textCap(name string) int {
	switch {
	case name == "cursor":
		return MaxCursorText
	case name == "source" || strings.HasSuffix(name, "_url"):
		return MaxURLText
	case name == "notes" || name == "description" || strings.HasSuffix(name, "_notes") ||
		strings.HasSuffix(name, "_description") || strings.HasSuffix(name, "_instructions"):
		return MaxLongText
	}
	return MaxShortText
}

// Decimal quantities and money arrive as a JSON number or a decimal string
// and are decoded exactly (shopspring/decimal reads the literal text, never a
// float64); they leave as strings, like the numeric columns they come from.
var (
	decimalInput = &jsonschema.Schema{
		Types:   []string{"number", "string"},
		Pattern: `^-?[0-9]+(\.[0-9]+)?$`,
	}
	decimalOutput = &jsonschema.Schema{Type: "string", Pattern: `^-?[0-9]+(\.[0-9]+)?$`}
)

// schemaFor infers T's JSON schema (field docs come from jsonschema tags;
// fields without omitempty are required; unknown properties are rejected),
// with decimal.Decimal mapped to dec.
func schemaFor[T any](dec *jsonschema.Schema) *jsonschema.Schema {
	rt := reflect.TypeFor[T]()
	if rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	s, err := jsonschema.ForType(rt, &jsonschema.ForOptions{
		TypeSchemas: map[reflect.Type]*jsonschema.Schema{reflect.TypeFor[decimal.Decimal](): dec},
	})
	if err != nil {
		panic(fmt.Sprintf("schema for %v: %v", rt, err))
	}
	return s
}

// inputSchemaFor is T's schema as a tool input: every text property capped.
func inputSchemaFor[T any]() *jsonschema.Schema {
	s := schemaFor[T](decimalInput)
	capText(s)
	return s
}

func capText(s *jsonschema.Schema) {
	for name, p := range s.Properties {
		for _, x := range []*jsonschema.Schema{p, p.Items} {
			if x != nil && isType(x, "string") && x.Pattern == "" && x.MaxLength == nil {
				n := textCap(name)
				x.MaxLength = &n
			}
		}
		capText(p)
		if p.Items != nil {
			capText(p.Items)
		}
	}
}

// isType reports whether s admits JSON type t (Type, or one of Types).
func isType(s *jsonschema.Schema, t string) bool {
	return s.Type == t || slices.Contains(s.Types, t)
}

// argSchema is a tool's input schema ready to check arguments: resolved for
// the schema library, and compiled for the fast path where it can be.
type argSchema struct {
	schema   *jsonschema.Schema
	resolved *jsonschema.Resolved
	fast     *fastSchema
}

func newArgSchema(s *jsonschema.Schema) (*argSchema, error) {
	r, err := s.Resolve(nil)
	if err != nil {
		return nil, err
	}
	return &argSchema{schema: s, resolved: r, fast: compileFast(s)}, nil
}

// decodeArguments checks raw tool arguments (text well formed, the input
// schema) and decodes them. Failures are invalid_argument errors naming the
// field and, for property mistakes, the properties accepted and required.
func decodeArguments[In any](raw json.RawMessage, a *argSchema) (In, *Error) {
	var in In
	if len(raw) == 0 || string(raw) == "null" {
		raw = json.RawMessage("{}")
	}
	if field, reason, bad := findBadText(raw); bad {
		return in, Invalid(orWord(field, "arguments"), "%s", reason)
	}
	var generic any
	if err := json.Unmarshal(raw, &generic); err != nil {
		if field, reason, bad := findBadNumber(raw, a.schema); bad {
			return in, Invalid(field, "%s", reason)
		}
		return in, Invalid("arguments", "arguments are not valid JSON")
	}
	if _, ok := generic.(map[string]any); !ok {
		return in, Invalid("arguments", "arguments must be a JSON object, not %s", jsonType(generic))
	}
	if a.fast == nil || !a.fast.valid(generic) {
		if err := a.resolved.Validate(generic); err != nil {
			return in, explain(a.schema, generic, "")
		}
	}
	if field, bad := findNUL(generic, ""); bad {
		return in, Invalid(field, "must not contain NUL characters")
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		// The decoder's words name Go types and repeat the value (a number
		// can be megabytes of digits): say what the field needs instead.
		if field, reason, bad := findBadNumber(raw, a.schema); bad {
			return in, Invalid(field, "%s", reason)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			if te.Value == "number" || strings.HasPrefix(te.Value, "number ") {
				return in, Invalid(te.Field, "must be a whole number in range")
			}
			return in, Invalid(te.Field, "has the wrong type")
		}
		return in, Invalid("arguments", "cannot read the arguments")
	}
	return in, nil
}

// explain finds where v breaks schema s and says so in words: the deepest
// failing property (lines[2].unit), an unknown or missing property with the
// accepted and required ones, or the broken constraint. It runs only after
// validation failed, so its extra work costs nothing on the good path.
func explain(s *jsonschema.Schema, v any, path string) *Error {
	switch v := v.(type) {
	case map[string]any:
		if s.Properties != nil {
			var unknown []string
			for k := range v {
				if _, ok := s.Properties[k]; !ok {
					unknown = append(unknown, k)
				}
			}
			if len(unknown) > 0 && s.AdditionalProperties != nil {
				sort.Strings(unknown)
				name := Shorten(unknown[0])
				return Invalid(join(path, name), "unknown property %q; %s", name, accepted(s))
			}
			for _, req := range s.Required {
				if _, ok := v[req]; !ok {
					return Invalid(join(path, req), "%q is required; %s", req, accepted(s))
				}
			}
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if sub := s.Properties[k]; sub != nil && !valid(sub, v[k]) {
					return explain(sub, v[k], join(path, k))
				}
			}
		}
	case []any:
		if s.Items != nil {
			for i, item := range v {
				if !valid(s.Items, item) {
					return explain(s.Items, item, fmt.Sprintf("%s[%d]", path, i))
				}
			}
		}
	}
	return Invalid(orWord(path, "arguments"), "%s", constraintMessage(s, v))
}

func valid(s *jsonschema.Schema, v any) bool {
	r, err := s.Resolve(nil)
	return err == nil && r.Validate(v) == nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// accepted lists an object schema's properties and its required ones.
func accepted(s *jsonschema.Schema) string {
	names := make([]string, 0, len(s.Properties))
	for k := range s.Properties {
		names = append(names, k)
	}
	sort.Strings(names)
	msg := "accepted: " + strings.Join(names, ", ")
	if len(s.Required) > 0 {
		req := append([]string(nil), s.Required...)
		sort.Strings(req)
		msg += "; required: " + strings.Join(req, ", ")
	}
	return msg
}

var validatingPrefix = regexp.MustCompile(`^(validating [^:]*: )+`)

// constraintMessage says which constraint of s the value v breaks, without
// echoing long input back.
func constraintMessage(s *jsonschema.Schema, v any) string {
	r, err := s.Resolve(nil)
	if err != nil {
		return "is not valid"
	}
	verr := r.Validate(v)
	if verr == nil {
		return "is not valid"
	}
	msg := validatingPrefix.ReplaceAllString(verr.Error(), "")
	switch {
	case strings.HasPrefix(msg, "type:"):
		want := s.Type
		if want == "" {
			want = strings.Join(s.Types, " or ")
		}
		if s.Pattern == decimalInput.Pattern {
			return fmt.Sprintf("must be a decimal number (a JSON number or a string such as \"12.5\"), not %s", jsonType(v))
		}
		return fmt.Sprintf("must be %s %s, not %s", article(want), want, jsonType(v))
	case strings.HasPrefix(msg, "pattern:") && s.Pattern == decimalInput.Pattern:
		return "must be a decimal number such as 12.5 (digits, an optional point and more digits)"
	case strings.HasPrefix(msg, "maxLength:") && s.MaxLength != nil:
		return fmt.Sprintf("must be at most %d characters", *s.MaxLength)
	case strings.HasPrefix(msg, "minLength:") && s.MinLength != nil:
		return fmt.Sprintf("must be at least %d characters", *s.MinLength)
	case strings.HasPrefix(msg, "enum:") && len(s.Enum) > 0:
		opts := make([]string, len(s.Enum))
		for i, e := range s.Enum {
			opts[i] = fmt.Sprint(e)
		}
		return "must be one of " + strings.Join(opts, ", ")
	}
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	return msg
}

func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case float64, json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// findNUL reports the first string in v (decoded JSON) holding U+0000,
// which PostgreSQL text cannot store, and its field path.
func findNUL(v any, path string) (string, bool) {
	switch v := v.(type) {
	case string:
		return path, strings.ContainsRune(v, 0)
	case map[string]any:
		for k, x := range v {
			p := join(path, k)
			if strings.ContainsRune(k, 0) {
				return p, true
			}
			if f, bad := findNUL(x, p); bad {
				return f, true
			}
		}
	case []any:
		for i, x := range v {
			if f, bad := findNUL(x, fmt.Sprintf("%s[%d]", path, i)); bad {
				return f, true
			}
		}
	}
	return "", false
}
