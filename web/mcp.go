package web

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// MCPHandler serves MCP Streamable HTTP, stateless so that any replica can
// answer any request. It runs behind authenticate (web.New mounts it so)
// and serves a read-only token from the read-only server, which has no
// write tools at all. The SDK's own plain-text refusals (a body over
// MaxBodyBytes, a wrong Accept header) are rewritten into the one JSON
// error shape.
func MCPHandler(readWrite, readOnly *mcp.Server, logger *slog.Logger) http.Handler {
	h := mcp.NewStreamableHTTPHandler(func(r *http.Request) *mcp.Server {
		if id, ok := identity.From(r.Context()); ok && !id.ReadOnly {
			return readWrite
		}
		return readOnly
	}, &mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true, Logger: logger, MaxRequestBodyBytes: MaxBodyBytes})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := identity.From(r.Context()); !ok {
			writeError(w, tools.Unauthorized("missing bearer token: send Authorization: Bearer <token>"))
			return
		}
		if r.ContentLength > MaxBodyBytes {
			writeError(w, tooLarge())
			return
		}
		h.ServeHTTP(&jsonErrorWriter{ResponseWriter: w}, r)
	})
}

func tooLarge() *tools.Error {
	return &tools.Error{Code: "payload_too_large", Message: "the request body is over the 10 MB limit", Status: http.StatusRequestEntityTooLarge}
}

// jsonErrorWriter turns a plain-text error response (http.Error's) into
// the JSON error shape; everything else passes through untouched.
type jsonErrorWriter struct {
	http.ResponseWriter
	status  int
	rewrote bool // the status was held back; Write sends the JSON instead
	sent    bool
}

func (w *jsonErrorWriter) WriteHeader(status int) {
	w.status = status
	if status >= 400 && strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		w.rewrote = true
		return
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *jsonErrorWriter) Write(b []byte) (int, error) {
	if !w.rewrote {
		return w.ResponseWriter.Write(b)
	}
	if !w.sent {
		w.sent = true
		e := &tools.Error{Code: codeForStatus(w.status), Message: strings.TrimSpace(string(b)), Status: w.status}
		if w.status == http.StatusRequestEntityTooLarge {
			e = tooLarge()
		}
		writeError(w.ResponseWriter, e)
	}
	return len(b), nil
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *jsonErrorWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush passes through for streamed responses.
func (w *jsonErrorWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func writeError(w http.ResponseWriter, e *tools.Error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.StatusCode())
	_, _ = w.Write(e.Body())
}
