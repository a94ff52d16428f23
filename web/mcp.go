package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// MCPHandler serves MCP Streamable HTTP, stateless so that any replica can
// answer any request. It authenticates the bearer token itself (answering 401
// with WWW-Authenticate in the JSON error shape) and serves a read-only token
// from the read-only server, which has no write tools at all.
func MCPHandler(v identity.Verifier, readWrite, readOnly *mcp.Server, logger *slog.Logger) http.Handler {
	h := mcp.NewStreamableHTTPHandler(func(r *http.Request) *mcp.Server {
		if id, ok := identity.From(r.Context()); ok && !id.ReadOnly {
			return readWrite
		}
		return readOnly
	}, &mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true, Logger: logger})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="baketracker"`)
			writeError(w, tools.Unauthorized("missing bearer token: send Authorization: Bearer <token>"))
			return
		}
		id, err := v.Verify(r.Context(), token)
		if errors.Is(err, identity.ErrInvalidToken) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="baketracker", error="invalid_token"`)
			writeError(w, tools.Unauthorized("invalid or revoked token"))
			return
		}
		if err != nil {
			logger.ErrorContext(r.Context(), "verify token", "error", err)
			writeError(w, tools.Internal())
			return
		}
		h.ServeHTTP(w, r.WithContext(identity.WithIdentity(r.Context(), id)))
	})
}

func writeError(w http.ResponseWriter, e *tools.Error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.StatusCode())
	_, _ = w.Write(e.Body())
}
