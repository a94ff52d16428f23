package agent

import (
	"google.golang.org/genai"

	"github.com/baketracker/baketracker/tools"
)

// proposable says whether a tool may be offered to the model: every read
// tool, and the write tools that take an idempotency key, because a
// confirmed proposal runs under a key of its own so it writes once however
// often the confirm is repeated.
func proposable(st tools.ServerTool) bool {
	if st.Access == tools.Read {
		return true
	}
	_, ok := st.InputSchema().Properties["idempotency_key"]
	return ok
}

// declarations are the registry's tools as Gemini functions, with the
// registry's own input schemas: one source, no second copy.
func declarations(r *tools.Registry) []*genai.FunctionDeclaration {
	var out []*genai.FunctionDeclaration
	for _, st := range r.Tools() {
		if !proposable(st) {
			continue
		}
		out = append(out, &genai.FunctionDeclaration{
			Name:                 st.Tool.Name,
			Description:          st.Tool.Description,
			ParametersJsonSchema: st.InputSchema(),
		})
	}
	return out
}
