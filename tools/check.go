package tools

import (
	"encoding/json"
	"fmt"
)

// CheckArguments checks raw arguments for st as Call would (text well
// formed, the input schema, errors naming the field) without running the
// tool: the agent checks proposals with it, and a confirm checks every
// edited proposal before any of them writes.
func CheckArguments(st ServerTool, raw json.RawMessage) *Error {
	args, err := newArgSchema(st.InputSchema())
	if err != nil {
		panic(fmt.Sprintf("tool %s: input schema: %v", st.Tool.Name, err))
	}
	_, e := decodeArguments[map[string]any](raw, args)
	return e
}
