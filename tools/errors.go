package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Error is the one error shape of every door: MCP tool errors, REST
// responses and the agent all carry {code, message, field}. Messages say
// what was wrong and what to try; they never carry internals.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Candidates lists what an ambiguous name could mean (code "ambiguous").
	Candidates []Candidate `json:"candidates,omitempty"`
	Status     int         `json:"-"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// StatusCode is the HTTP status for the error (echo reads it too).
func (e *Error) StatusCode() int {
	if e.Status == 0 {
		return http.StatusInternalServerError
	}
	return e.Status
}

// Body is the JSON document for the error: {"error": {...}}.
func (e *Error) Body() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // messages are read by people and models, not HTML
	_ = enc.Encode(struct {
		Error *Error `json:"error"`
	}{e})
	return bytes.TrimRight(b.Bytes(), "\n")
}

// Invalid reports bad input in field (400).
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: "invalid_argument", Field: field, Message: fmt.Sprintf(format, args...), Status: http.StatusBadRequest}
}

// NotFound reports a missing record; another tenant's record is missing too (404).
func NotFound(field, what string) *Error {
	return &Error{Code: "not_found", Field: field, Message: what + " not found", Status: http.StatusNotFound}
}

// Conflict reports a clash with existing data (409).
func Conflict(field, format string, args ...any) *Error {
	return &Error{Code: "conflict", Field: field, Message: fmt.Sprintf(format, args...), Status: http.StatusConflict}
}

// Unprocessable reports well-formed input that cannot be carried out (422).
func Unprocessable(field, format string, args ...any) *Error {
	return &Error{Code: "unprocessable", Field: field, Message: fmt.Sprintf(format, args...), Status: http.StatusUnprocessableEntity}
}

// Forbidden reports an operation the caller's role or token does not allow (403).
func Forbidden(format string, args ...any) *Error {
	return &Error{Code: "forbidden", Message: fmt.Sprintf(format, args...), Status: http.StatusForbidden}
}

// Unauthorized reports missing or bad identity (401).
func Unauthorized(msg string) *Error {
	return &Error{Code: "unauthorized", Message: msg, Status: http.StatusUnauthorized}
}

// Internal is what the caller sees of an unexpected failure.
func Internal() *Error {
	return &Error{Code: "internal", Message: "internal error; the request was not completed", Status: http.StatusInternalServerError}
}

// Unavailable reports a dependency that is down or disabled (503).
func Unavailable(code, msg string) *Error {
	return &Error{Code: code, Message: msg, Status: http.StatusServiceUnavailable}
}

// AsError maps err to an *Error. Domain errors pass through; database errors
// become the matching client error when the client caused them; anything
// else is internal (and reported as such by the second return value so the
// edge can log it).
func AsError(err error) (e *Error, internal bool) {
	if errors.As(err, &e) {
		return e, false
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return NotFound("", "record"), false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &Error{Code: "timeout", Message: "the request was cancelled or timed out; nothing was changed", Status: http.StatusServiceUnavailable}, true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		field := columnFromConstraint(pgErr.TableName, pgErr.ConstraintName, pgErr.ColumnName)
		what := orWord(field, "value")
		switch pgErr.Code {
		case "23505":
			return Conflict(field, "a record with this %s already exists", what), false
		case "23503":
			return Unprocessable(field, "the referenced %s does not exist, or is still in use", orWord(field, "record")), false
		case "23514", "23502":
			return Invalid(field, "%s is out of the allowed range or missing", what), false
		case "22001":
			return Invalid(field, "%s is too long", what), false
		case "22003":
			return Invalid(field, "%s is too large for a quantity or amount (at most 10 digits before the point)", what), false
		case "22007", "22008":
			return Invalid(field, "%s is not a valid date", what), false
		case "22P02", "22021", "22P05":
			return Invalid(field, "%s contains characters or text that cannot be stored", what), false
		}
	}
	return Internal(), true
}

// columnFromConstraint names the field behind a constraint from PostgreSQL's
// default names: <table>_<columns>_key|fkey|check, with the tenant_id that
// every key starts with dropped. Unknown names give "" rather than a guess.
func columnFromConstraint(table, constraint, column string) string {
	if column != "" {
		return column
	}
	rest, ok := strings.CutPrefix(constraint, table+"_")
	if !ok {
		return ""
	}
	for _, suffix := range []string{"_key", "_fkey", "_check"} {
		if base, ok := strings.CutSuffix(rest, suffix); ok {
			base = strings.TrimPrefix(base, "tenant_id_")
			if base == "" || base == "tenant_id" || strings.Contains(base, "tenant") {
				return ""
			}
			return base
		}
	}
	return ""
}

func orWord(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
