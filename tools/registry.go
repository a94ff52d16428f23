package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/shopspring/decimal"

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

// Toolsets group tools as github-mcp-server does.
const (
	ToolsetCatalog  = "catalog"
	ToolsetPantry   = "pantry"
	ToolsetRecipes  = "recipes"
	ToolsetEvents   = "events"
	ToolsetShopping = "shopping"
	ToolsetCosting  = "costing"
	ToolsetImport   = "import"
)

// ServerTool is one tool: its MCP definition, toolset, access and a function
// that registers its typed handler on a server.
type ServerTool struct {
	Tool     *mcp.Tool
	Toolset  string
	Access   Access
	register func(s *mcp.Server, t *Tools)
}

// def defines a tool whose handler is a method of *Tools. The wrapper
// supplies the caller's identity, refuses writes to read-only callers, and
// turns domain errors into tool errors the model can read.
//
// It registers through the SDK's low-level AddTool rather than the generic
// one: the generic path re-encodes every result, decodes it into a map and
// validates it against the output schema on each call, which was half the
// cost of listing 400 ingredients. Here the arguments are still validated
// against the input schema (errors name the field) and the result is encoded
// once; the tests validate every result against its output schema instead.
func def[In, Out any](toolset string, access Access, tool *mcp.Tool, fn func(t *Tools, ctx context.Context, id identity.Identity, in In) (Out, error)) ServerTool {
	if access < Read || access > Consume {
		panic(fmt.Sprintf("tool %s: access not set", tool.Name))
	}
	tool.Annotations = annotations(tool.Title, access)
	inSchema := schemaFor[In](decimalInput)
	tool.InputSchema = inSchema
	tool.OutputSchema = schemaFor[Out](decimalOutput)
	resolved, err := inSchema.Resolve(nil)
	if err != nil {
		panic(fmt.Sprintf("tool %s: input schema: %v", tool.Name, err))
	}
	return ServerTool{Tool: tool, Toolset: toolset, Access: access, register: func(s *mcp.Server, t *Tools) {
		s.AddTool(tool, func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			in, e := decodeArguments[In](req.Params.Arguments, resolved)
			if e != nil {
				return errorResult(e), nil
			}
			id, ok := identity.From(ctx)
			if !ok {
				return errorResult(Unauthorized("no identity: authenticate with an API token")), nil
			}
			if access != Read && id.ReadOnly {
				return errorResult(Forbidden("this token is read-only; %s changes data", tool.Name)), nil
			}
			out, err := fn(t, ctx, id, in)
			if err != nil {
				e, internal := AsError(err)
				if internal {
					t.logger.ErrorContext(ctx, "tool failed", "tool", tool.Name, "tenant", id.TenantID, "error", err)
				}
				return errorResult(e), nil
			}
			body, err := marshalResult(out)
			if err != nil {
				t.logger.ErrorContext(ctx, "tool result", "tool", tool.Name, "error", err)
				return errorResult(Internal()), nil
			}
			// The same JSON goes as structured content and, for clients that
			// read only text, as the text content.
			return &mcp.CallToolResult{
				Content:           []mcp.Content{&mcp.TextContent{Text: string(body)}},
				StructuredContent: json.RawMessage(body),
			}, nil
		})
	}}
}

// marshalResult encodes a tool's result once, without HTML escaping: the
// JSON is read by models and programs, and "&" as \u0026 only lengthens it.
func marshalResult(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// decodeArguments validates raw tool arguments against the input schema and
// decodes them. Failures are invalid_argument errors naming the field.
func decodeArguments[In any](raw json.RawMessage, schema *jsonschema.Resolved) (In, *Error) {
	var in In
	if len(raw) == 0 || string(raw) == "null" {
		raw = json.RawMessage("{}")
	}
	var generic any
	if err := json.Unmarshal(raw, &generic); err != nil {
		return in, Invalid("arguments", "arguments are not valid JSON: %v", err)
	}
	if err := schema.Validate(generic); err != nil {
		return in, Invalid(schemaField(err.Error()), "%s", strings.TrimPrefix(err.Error(), "validating root: "))
	}
	if field, bad := findNUL(generic, ""); bad {
		return in, Invalid(field, "must not contain NUL characters")
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		field := ""
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field = te.Field
		}
		return in, Invalid(field, "cannot read the arguments: %v", err)
	}
	return in, nil
}

var (
	propertyPath   = regexp.MustCompile(`/properties/([A-Za-z0-9_]+)(?:/items/([0-9]+)/properties/([A-Za-z0-9_]+))?`)
	missingProps   = regexp.MustCompile(`missing properties: \["([A-Za-z0-9_]+)"`)
	unexpectedProp = regexp.MustCompile(`unexpected additional properties \["([A-Za-z0-9_]+)"`)
)

// schemaField names the argument a schema error is about, e.g. "quantity",
// "lines[2].unit", or the missing or unexpected property.
func schemaField(msg string) string {
	if m := propertyPath.FindStringSubmatch(msg); m != nil {
		if m[3] != "" {
			return m[1] + "[" + m[2] + "]." + m[3]
		}
		if sub := missingProps.FindStringSubmatch(msg); sub != nil {
			return m[1] + "." + sub[1]
		}
		return m[1]
	}
	if m := missingProps.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	if m := unexpectedProp.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	return "arguments"
}

// findNUL reports the first string in v (decoded JSON) holding U+0000,
// which PostgreSQL text cannot store, and its field path.
func findNUL(v any, path string) (string, bool) {
	switch v := v.(type) {
	case string:
		return path, strings.ContainsRune(v, 0)
	case map[string]any:
		for k, x := range v {
			p := k
			if path != "" {
				p = path + "." + k
			}
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

func errorResult(e *Error) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: string(e.Body())}}}
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

func annotations(title string, access Access) *mcp.ToolAnnotations {
	f, tr := false, true
	a := &mcp.ToolAnnotations{Title: title, OpenWorldHint: &f, DestructiveHint: &f}
	switch access {
	case Read:
		a.ReadOnlyHint = true
		a.IdempotentHint = true
	case Write:
		// The idempotency key is optional, so the tool itself is not
		// idempotent: without a key a repeat adds again.
	case Destructive:
		a.DestructiveHint = &tr
		a.IdempotentHint = true
	case Consume:
		a.DestructiveHint = &tr
	}
	return a
}

// All returns every tool, sorted by name.
func All() []ServerTool {
	var all []ServerTool
	for _, group := range [][]ServerTool{catalogTools(), pantryTools(), recipeTools(), eventTools(), planningTools(), importTools()} {
		all = append(all, group...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Tool.Name < all[j].Tool.Name })
	return all
}

// Instructions tell a model how the tools fit together.
const Instructions = `BakeTracker: a baker's pantry, recipes, events, shopping lists and costs.
Ids are UUID strings returned by the list_* and get_* tools; search before you create (list_ingredients with a query, list_recipes).
Quantities and money are decimal strings or numbers; units are codes such as g, kg, oz (always weight), lb, ml, l, tsp, tbsp, fl oz, cup, pt, qt, gal, each, count, piece, dozen.
Writes accept an optional idempotency_key: reuse it when you retry so nothing is recorded twice.
Errors come back as {"error": {"code", "message", "field"}}: fix the named field and try again.`

// NewMCPServer builds the MCP server with every tool, or only the read-only
// ones. The two variants are built once at start-up; a read-only token is
// served by the read-only one and never sees a write tool.
func (t *Tools) NewMCPServer(version string, readOnly bool) *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "baketracker", Title: "BakeTracker", Version: version},
		&mcp.ServerOptions{Instructions: Instructions, Logger: t.logger})
	s.AddReceivingMiddleware(t.recoverPanics)
	for _, st := range All() {
		if readOnly && st.Access != Read {
			continue
		}
		st.register(s, t)
	}
	return s
}

// recoverPanics keeps a panicking handler from taking the process down: the
// SDK does not recover.
func (t *Tools) recoverPanics(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (res mcp.Result, err error) {
		defer func() {
			if r := recover(); r != nil {
				t.logger.ErrorContext(ctx, "mcp handler panic", "method", method, "panic", r, "stack", string(debug.Stack()))
				if method == "tools/call" {
					res, err = &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: string(Internal().Body())}}}, nil
					return
				}
				err = fmt.Errorf("internal error")
			}
		}()
		return next(ctx, method, req)
	}
}
