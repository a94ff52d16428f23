package tools

import (
	"fmt"
	"slices"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
)

// Markdown is the README's tool reference, generated from the registry so
// that it cannot drift: per toolset its description, then per tool its
// access level, description and arguments (name, type, cap; required ones
// in bold).
func (r *Registry) Markdown() string {
	var b strings.Builder
	for _, ts := range r.toolsets {
		fmt.Fprintf(&b, "### `%s`\n\n%s\n\n", ts.Name, ts.Description)
		b.WriteString("| tool | access | what it does | arguments |\n|---|---|---|---|\n")
		for _, st := range r.tools {
			if st.Toolset != ts.Name {
				continue
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", st.Tool.Name, st.Access, cell(firstSentences(st.Tool.Description)), cell(arguments(st.InputSchema())))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// firstSentences drops a description's example, which the tool's schema
// and tools/list carry in full.
func firstSentences(d string) string {
	if i := strings.Index(d, "Example"); i > 0 {
		d = d[:i]
	}
	return strings.TrimSpace(d)
}

func arguments(s *jsonschema.Schema) string {
	if len(s.Properties) == 0 {
		return "—"
	}
	names := s.PropertyOrder
	if len(names) == 0 {
		for k := range s.Properties {
			names = append(names, k)
		}
		slices.Sort(names)
	}
	parts := make([]string, 0, len(names))
	for _, name := range names {
		p := s.Properties[name]
		arg := "`" + name + "`"
		if slices.Contains(s.Required, name) {
			arg = "**" + arg + "**"
		}
		parts = append(parts, arg+" "+typeOf(p))
	}
	return strings.Join(parts, ", ")
}

// typeOf is a short type: string ≤200, decimal, integer, boolean, array of
// object, object.
func typeOf(p *jsonschema.Schema) string {
	switch {
	case p.Pattern == decimalInput.Pattern:
		return "decimal"
	case isType(p, "string") && len(p.Enum) > 0:
		opts := make([]string, len(p.Enum))
		for i, e := range p.Enum {
			opts[i] = fmt.Sprint(e)
		}
		return strings.Join(opts, "/")
	case isType(p, "string") && p.MaxLength != nil:
		return fmt.Sprintf("string ≤%d", *p.MaxLength)
	case isType(p, "array") && p.Items != nil:
		return "array of " + typeOf(p.Items)
	case p.Type != "":
		return p.Type
	case len(p.Types) > 0:
		return strings.Join(slices.DeleteFunc(slices.Clone(p.Types), func(t string) bool { return t == "null" }), " or ")
	}
	return "any"
}

// cell makes text safe inside a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "|", "\\|")
	return strings.Join(strings.Fields(s), " ")
}
