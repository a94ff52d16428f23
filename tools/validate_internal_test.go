package tools

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

// TestFastValidationAgreesWithTheLibrary: for every tool, over arguments
// built from its own schema (each property given values of every JSON kind,
// at and over its caps, nested lines included), the fast path accepts
// exactly what the schema library accepts. Every input schema compiles, so
// the fast path is the one in use.
func TestFastValidationAgreesWithTheLibrary(t *testing.T) {
	t.Parallel()
	values := func(maxLen int) []any {
		vs := []any{nil, true, 0.0, 1.0, 2.5, -3.0, 1e300, "", "x", "12.5", "-1", "1.", "abc", []any{}, []any{"a"}, map[string]any{}}
		if maxLen > 0 {
			vs = append(vs, strings.Repeat("é", maxLen), strings.Repeat("é", maxLen+1))
		}
		return vs
	}
	checked := 0
	for _, st := range All() {
		a, err := newArgSchema(st.InputSchema())
		if err != nil {
			t.Fatal(err)
		}
		if a.fast == nil {
			t.Errorf("%s: its input schema has no fast path", st.Tool.Name)
			continue
		}
		props := st.InputSchema().Properties
		names := make([]string, 0, len(props))
		for n := range props {
			names = append(names, n)
		}
		sort.Strings(names)
		base := map[string]any{}
		for _, r := range st.InputSchema().Required {
			base[r] = "x"
		}
		docs := []map[string]any{{}, base, {"unknown": 1}}
		for _, n := range names {
			maxLen := 0
			if p := props[n]; p.MaxLength != nil {
				maxLen = *p.MaxLength
			}
			vs := values(maxLen)
			if items := props[n].Items; items != nil && items.Properties != nil {
				line := map[string]any{}
				for k := range items.Properties {
					line[k] = "1"
				}
				vs = append(vs, []any{line}, []any{map[string]any{"zz": 1}}, []any{line, 5.0})
			}
			for _, v := range vs {
				doc := map[string]any{}
				for k, x := range base {
					doc[k] = x
				}
				doc[n] = v
				docs = append(docs, doc)
			}
		}
		for _, doc := range docs {
			b, _ := json.Marshal(doc)
			var generic any
			_ = json.Unmarshal(b, &generic)
			lib := a.resolved.Validate(generic) == nil
			if fast := a.fast.valid(generic); fast != lib {
				t.Errorf("%s %s: fast path says %v, library %v", st.Tool.Name, b, fast, lib)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d argument documents checked", checked)
	}
}
