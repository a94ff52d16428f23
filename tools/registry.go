package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/identity"
)

// Access is what a tool does to the tenant's data. It is required when a tool
// is defined, and the MCP hints are derived from it, so a tool cannot
// forget to say whether it writes.
type Access int

const (
	// Read tools change nothing.
	Read Access = iota + 1
	// Write tools only add data (create_*, add_purchase). Calling one twice
	// adds twice, unless both calls carry the same idempotency key.
	Write
	// Destructive tools overwrite or remove data (update_*, delete_*, setting
	// a lot to a percentage). Repeating the same call changes nothing more.
	Destructive
	// Consume tools use data up (record_usage): destructive, and each call
	// takes more unless it repeats an idempotency key.
	Consume
)

func (a Access) String() string {
	switch a {
	case Read:
		return "read"
	case Write:
		return "write"
	case Destructive:
		return "destructive"
	case Consume:
		return "consume"
	}
	return "unset"
}

// ServerTool is one tool: its MCP definition, toolset, access, the least
// role that may call it, and its typed handler behind a JSON door.
type ServerTool struct {
	Tool    *mcp.Tool
	Toolset string
	Access  Access
	// Role is the least role that may call the tool (member unless set).
	Role string
	// call decodes raw arguments against the input schema and runs the
	// handler, returning its typed result.
	call func(t *Tools, ctx context.Context, id identity.Identity, raw json.RawMessage) (any, error)
}

// def defines a tool whose handler is a method of *Tools. The arguments are
// validated against the input schema inferred from In (errors name the
// field); authorization happens in Registry.Call, before def's code runs.
func def[In, Out any](toolset string, access Access, tool *mcp.Tool, fn func(t *Tools, ctx context.Context, id identity.Identity, in In) (Out, error)) ServerTool {
	if access < Read || access > Consume {
		panic(fmt.Sprintf("tool %s: access not set", tool.Name))
	}
	tool.Annotations = annotations(tool.Title, access)
	inSchema := inputSchemaFor[In]()
	tool.InputSchema = inSchema
	tool.OutputSchema = schemaFor[Out](decimalOutput)
	args, err := newArgSchema(inSchema)
	if err != nil {
		panic(fmt.Sprintf("tool %s: input schema: %v", tool.Name, err))
	}
	return ServerTool{Tool: tool, Toolset: toolset, Access: access, Role: identity.RoleMember,
		call: func(t *Tools, ctx context.Context, id identity.Identity, raw json.RawMessage) (any, error) {
			in, e := decodeArguments[In](raw, args)
			if e != nil {
				return nil, e
			}
			return fn(t, ctx, id, in)
		}}
}

// Registry is the one list of tools that every door calls: the MCP server,
// the REST handlers and the agent. It decides authorization (read-only
// tokens, roles) once, here, before a tool runs.
type Registry struct {
	t        *Tools
	tools    []ServerTool
	byName   map[string]int
	toolsets []Toolset
}

// NewRegistry serves the named toolsets over t; none (or "all") serves
// every toolset. An unknown name is an error that lists the known ones.
func NewRegistry(t *Tools, toolsets ...string) (*Registry, error) {
	enabled, err := SelectToolsets(toolsets)
	if err != nil {
		return nil, err
	}
	r := &Registry{t: t, byName: map[string]int{}, toolsets: enabled}
	on := map[string]bool{}
	for _, ts := range enabled {
		on[ts.Name] = true
	}
	for _, st := range All() {
		if on[st.Toolset] {
			r.byName[st.Tool.Name] = len(r.tools)
			r.tools = append(r.tools, st)
		}
	}
	return r, nil
}

// MustRegistry is NewRegistry for fixed, known toolset names.
func MustRegistry(t *Tools, toolsets ...string) *Registry {
	r, err := NewRegistry(t, toolsets...)
	if err != nil {
		panic(err)
	}
	return r
}

// Tools returns the served tools, sorted by name.
func (r *Registry) Tools() []ServerTool { return r.tools }

// Toolsets returns the served toolsets in their documented order.
func (r *Registry) Toolsets() []Toolset { return r.toolsets }

// Lookup returns the served tool called name.
func (r *Registry) Lookup(name string) (ServerTool, bool) {
	i, ok := r.byName[name]
	if !ok {
		return ServerTool{}, false
	}
	return r.tools[i], true
}

// Call runs tool name for id with raw JSON arguments and returns its typed
// result. Every failure is an *Error in the one shape; unexpected ones are
// logged here with the tool and tenant, and shown as internal.
func (r *Registry) Call(ctx context.Context, id identity.Identity, name string, raw json.RawMessage) (out any, e *Error) {
	defer func() {
		if p := recover(); p != nil {
			r.t.logger.ErrorContext(ctx, "tool panic", "tool", name, "tenant", id.TenantID, "panic", p, "stack", string(debug.Stack()))
			out, e = nil, Internal()
		}
	}()
	st, ok := r.Lookup(name)
	if !ok {
		return nil, NotFound("name", "tool "+name)
	}
	if e := r.t.authorizeCall(ctx, id, Permission{Name: name, Access: st.Access, Role: st.Role}); e != nil {
		return nil, e
	}
	res, err := st.call(r.t, ctx, id, raw)
	if err != nil {
		ae, internal := AsError(err)
		if internal {
			r.t.logger.ErrorContext(ctx, "tool failed", "tool", name, "tenant", id.TenantID, "error", err)
		}
		return nil, ae
	}
	return res, nil
}

// CallJSON is Call with the result encoded as the tool's JSON.
func (r *Registry) CallJSON(ctx context.Context, id identity.Identity, name string, raw json.RawMessage) (json.RawMessage, *Error) {
	out, e := r.Call(ctx, id, name, raw)
	if e != nil {
		return nil, e
	}
	body, err := marshalResult(out)
	if err != nil {
		r.t.logger.ErrorContext(ctx, "tool result", "tool", name, "error", err)
		return nil, Internal()
	}
	return body, nil
}

// InputSchema is the tool's input JSON schema, the one the MCP server
// lists and Call validates against (the agent declares functions with it).
func (st ServerTool) InputSchema() *jsonschema.Schema {
	return st.Tool.InputSchema.(*jsonschema.Schema)
}

// All returns every tool, sorted by name.
func All() []ServerTool {
	var all []ServerTool
	for _, group := range [][]ServerTool{catalogTools(), pantryTools(), recipeTools(), eventTools(), planningTools(), importTools(), householdTools(), mathTools(), productionTools()} {
		all = append(all, group...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Tool.Name < all[j].Tool.Name })
	return all
}

// instructions tell a model how the served toolsets fit together.
func (r *Registry) instructions() string {
	var b strings.Builder
	b.WriteString(Instructions)
	for _, ts := range r.toolsets {
		if ts.Instructions != "" {
			fmt.Fprintf(&b, "\n%s: %s", ts.Name, ts.Instructions)
		}
	}
	return b.String()
}
