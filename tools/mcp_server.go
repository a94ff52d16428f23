package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/identity"
)

// MCPServer builds the MCP server over the registry's tools, or only the
// read-only ones. A server is built once at start-up per variant; a
// read-only token is served by the read-only one and never sees a write tool.
//
// Tools register through the SDK's low-level AddTool rather than the generic
// one: the generic path re-encodes every result, decodes it into a map and
// validates it against the output schema on each call, which was half the
// cost of listing 400 ingredients. The registry validates the arguments and
// encodes the result once; the tests validate every result against its
// output schema instead.
func (r *Registry) MCPServer(version string, readOnly bool) *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "baketracker", Title: "BakeTracker", Version: version},
		&mcp.ServerOptions{Instructions: r.instructions(), Logger: r.t.logger})
	s.AddReceivingMiddleware(r.t.recoverPanics)
	for _, st := range r.tools {
		if readOnly && st.Access != Read {
			continue
		}
		name := st.Tool.Name
		s.AddTool(st.Tool, func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			id, _ := identity.From(ctx)
			body, e := r.CallJSON(ctx, id, name, req.Params.Arguments)
			if e != nil {
				return errorResult(e), nil
			}
			// The same JSON goes as structured content and, for clients that
			// read only text, as the text content.
			return &mcp.CallToolResult{
				Content:           []mcp.Content{&mcp.TextContent{Text: string(body)}},
				StructuredContent: body,
			}, nil
		})
	}
	return s
}

// NewMCPServer is the MCP server with every toolset.
func (t *Tools) NewMCPServer(version string, readOnly bool) *mcp.Server {
	return MustRegistry(t).MCPServer(version, readOnly)
}

// marshalResult encodes a tool's result once, without HTML escaping: the
// JSON is read by models and programs, and "&" as \u0026 only lengthens it.
func marshalResult(v any) (json.RawMessage, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func errorResult(e *Error) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: string(e.Body())}}}
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

// recoverPanics keeps a panicking handler from taking the process down: the
// SDK does not recover.
func (t *Tools) recoverPanics(next mcp.MethodHandler) mcp.MethodHandler {
	return func(ctx context.Context, method string, req mcp.Request) (res mcp.Result, err error) {
		defer func() {
			if r := recover(); r != nil {
				t.logger.ErrorContext(ctx, "mcp handler panic", "method", method, "panic", r, "stack", string(debug.Stack()))
				if method == "tools/call" {
					res, err = errorResult(Internal()), nil
					return
				}
				err = fmt.Errorf("internal error")
			}
		}()
		return next(ctx, method, req)
	}
}
