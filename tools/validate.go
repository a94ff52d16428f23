package tools

import (
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"unicode/utf8"

	"github.com/google/jsonschema-go/jsonschema"
)

// fastSchema is an input schema compiled for the good path. The schema
// library validates by reflection, which cost more than the database read
// of a get-by-id; the inferred input schemas use only a few keywords, which
// fastSchema checks directly. It only ever vouches for valid arguments:
// anything it does not accept goes to the library, which decides and words
// the error, so the two cannot disagree on what is refused.
type fastSchema struct {
	types     []string
	props     map[string]*fastSchema
	required  []string
	closed    bool // additionalProperties: false
	items     *fastSchema
	maxLength int // -1: none
	pattern   *regexp.Regexp
}

// fastKeywords are the keywords fastSchema understands; a schema using any
// other gets no fast path.
var fastKeywords = map[string]bool{"type": true, "properties": true, "required": true, "additionalProperties": true,
	"items": true, "maxLength": true, "pattern": true, "description": true, "title": true}

// compileFast compiles s, or returns nil when s uses a keyword or form that
// fastSchema does not check.
func compileFast(s *jsonschema.Schema) *fastSchema {
	if s == nil {
		return nil
	}
	b, err := json.Marshal(s)
	if err != nil {
		return nil
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(b, &keys) != nil {
		return nil
	}
	for k := range keys {
		if !fastKeywords[k] {
			return nil
		}
	}
	f := &fastSchema{types: s.Types, required: s.Required, maxLength: -1}
	if s.Type != "" {
		f.types = []string{s.Type}
	}
	if s.AdditionalProperties != nil {
		// Only "false" (the library's {"not": {}}) is understood.
		if ap := string(mustJSON(s.AdditionalProperties)); ap != "false" && ap != `{"not":{}}` {
			return nil
		}
		f.closed = true
	}
	if s.MaxLength != nil {
		f.maxLength = *s.MaxLength
	}
	if s.Pattern != "" {
		re, err := regexp.Compile(s.Pattern)
		if err != nil {
			return nil
		}
		f.pattern = re
	}
	if s.Items != nil {
		if f.items = compileFast(s.Items); f.items == nil {
			return nil
		}
	}
	if len(s.Properties) > 0 {
		f.props = make(map[string]*fastSchema, len(s.Properties))
		for name, p := range s.Properties {
			if f.props[name] = compileFast(p); f.props[name] == nil {
				return nil
			}
		}
	}
	return f
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// valid reports whether v (decoded JSON) certainly satisfies the schema.
func (f *fastSchema) valid(v any) bool {
	if len(f.types) > 0 && !slices.ContainsFunc(f.types, func(t string) bool { return hasJSONType(v, t) }) {
		return false
	}
	switch v := v.(type) {
	case string:
		if f.maxLength >= 0 && utf8.RuneCountInString(v) > f.maxLength {
			return false
		}
		if f.pattern != nil && !f.pattern.MatchString(v) {
			return false
		}
	case map[string]any:
		for _, r := range f.required {
			if _, ok := v[r]; !ok {
				return false
			}
		}
		for k, x := range v {
			p, ok := f.props[k]
			if !ok {
				if f.closed {
					return false
				}
				continue
			}
			if !p.valid(x) {
				return false
			}
		}
	case []any:
		if f.items != nil {
			for _, x := range v {
				if !f.items.valid(x) {
					return false
				}
			}
		}
	}
	return true
}

func hasJSONType(v any, t string) bool {
	switch t {
	case "null":
		return v == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == math.Trunc(n) && !math.IsInf(n, 0)
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return false
}
