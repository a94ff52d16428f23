package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
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

// AsError maps err to the one error shape; it is the only place that turns
// a database error into what a client sees. Domain errors pass through.
// A PostgreSQL error the client caused becomes the matching 4xx naming the
// field, never PostgreSQL's text, a table or a constraint name; anything
// else is internal. withheld reports that the client's error leaves out
// detail (an internal failure, or the database's own words): the door logs
// err then, with the request id.
func AsError(err error) (e *Error, withheld bool) {
	if errors.As(err, &e) {
		var pgErr *pgconn.PgError
		return e, errors.As(err, &pgErr) // a database error behind it is logged
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return NotFound("", "record"), false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &Error{Code: "timeout", Message: "the request was cancelled or timed out; nothing was changed", Status: http.StatusServiceUnavailable}, true
	}
	if databaseDown(err) {
		return DatabaseUnavailable(), true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		if e := fromPostgres(pgErr); e != nil {
			return e, true
		}
	}
	return Internal(), true
}

// DatabaseUnavailable is what the caller sees while PostgreSQL cannot be
// reached. A write whose commit was sent when the connection broke may have
// committed, so the message asks for a retry with the same idempotency key
// rather than promising nothing happened.
func DatabaseUnavailable() *Error {
	return Unavailable("database_unavailable",
		"the database does not answer right now; retry shortly (with the same Idempotency-Key for a write)")
}

// databaseDown reports a failure to reach PostgreSQL: no connection, a
// connection lost, or the server shutting down or starting up.
func databaseDown(err error) bool {
	var connErr *pgconn.ConnectError
	var netErr net.Error
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &connErr), errors.As(err, &netErr), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return true
	case errors.As(err, &pgErr):
		// Class 08 is connection exceptions; 57P01-03 are admin shutdown,
		// crash shutdown and cannot connect now.
		return strings.HasPrefix(pgErr.Code, "08") || pgErr.Code == "57P01" || pgErr.Code == "57P02" || pgErr.Code == "57P03"
	}
	return false
}

// WithCause returns e for the client with cause kept behind it for the log:
// AsError finds e, and reports withheld when cause is a database error.
func WithCause(e *Error, cause error) error { return &causedError{e: e, cause: cause} }

type causedError struct {
	e     *Error
	cause error
}

func (c *causedError) Error() string { return c.e.Error() + ": " + c.cause.Error() }

// As hands out the client's error; Unwrap the cause.
func (c *causedError) As(target any) bool {
	if p, ok := target.(**Error); ok {
		*p = c.e
		return true
	}
	return false
}

func (c *causedError) Unwrap() error { return c.cause }

// IsDatabaseRefusal reports whether err is PostgreSQL refusing a value
// (data exception, integrity violation, program limit): the input's fault,
// not the server's.
func IsDatabaseRefusal(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && fromPostgres(pgErr) != nil
}

// fromPostgres maps the SQLSTATEs a client's input can cause; nil for the
// rest (the server's fault).
func fromPostgres(pgErr *pgconn.PgError) *Error {
	field := constraintField(pgErr.TableName, pgErr.ConstraintName, pgErr.ColumnName)
	what := orWord(field, "a value")
	switch pgErr.Code {
	case "23505":
		return Conflict(field, "a record with this %s already exists", orWord(field, "value"))
	case "23503":
		return Unprocessable(field, "the referenced %s does not exist, or is still in use", orWord(field, "record"))
	case "23514", "23502", "23P01":
		return Invalid(field, "%s is out of the allowed range or missing", what)
	case "22001", "54000":
		return Invalid(field, "%s is too long", what)
	case "22003":
		return Invalid(field, "%s is too large for a quantity or amount (at most 10 digits before the point)", what)
	case "22007", "22008":
		return Invalid(field, "%s is not a valid date", what)
	case "22P02", "22021", "22P05":
		return Invalid(field, "%s contains characters or text that cannot be stored", what)
	}
	return nil
}

// constraintFields names the field behind constraints whose default name
// does not say it (several columns, or a custom name); "" says nothing.
// TestConstraintFieldsAreColumns checks every constraint of the schema
// against constraintField, so a new one cannot leak its name.
var constraintFields = map[string]string{ //nolint:gochecknoglobals // a lookup table
	"users_tenant_email_key":                              "email",
	"users_tenant_subject_key":                            "",
	"accounts_provider_subject_key":                       "",
	"users_check":                                         "",
	"ingredients_check":                                   "parent_id",
	"ingredients_check1":                                  "density_volume_value",
	"recipes_check":                                       "base_recipe_id",
	"recipe_components_check":                             "component_recipe_id",
	"inventory_adjustments_check":                         "notes",
	"barcode_reviews_check":                               "",
	"recipe_ingredients_tenant_id_recipe_id_position_key": "position",
	"recipe_components_tenant_id_recipe_id_component_recipe_id_key": "component_recipe_id",
	"event_recipes_tenant_id_event_id_recipe_id_key":                "recipe_id",
	"import_archive_tenant_id_import_id_section_ordinal_key":        "",
	"barcode_reviews_check1":                                        "",
}

// constraintField names the field behind a constraint: the column PostgreSQL
// reports, a known name, or the one column of a default name
// (<table>_<column>_key|fkey|check, the tenant_id that starts every key
// dropped). It returns only a single identifier, never the constraint.
func constraintField(table, constraint, column string) string {
	if column != "" {
		return column
	}
	if f, ok := constraintFields[constraint]; ok {
		return f
	}
	rest, ok := strings.CutPrefix(constraint, table+"_")
	if !ok {
		return ""
	}
	for _, suffix := range []string{"_key", "_fkey", "_check"} {
		if base, ok := strings.CutSuffix(rest, suffix); ok {
			base = strings.TrimPrefix(base, "tenant_id_")
			if base == "" || strings.Contains(base, "tenant") {
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
