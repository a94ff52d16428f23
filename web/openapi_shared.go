package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
)

// schemaOf is T's JSON schema as encoding/json writes T: ids as UUID text,
// times as RFC 3339 text, decimals as decimal text, raw JSON as anything.
// Inferred from the type itself, so a field added to a response type is in
// the document too.
func schemaOf[T any]() *jsonschema.Schema {
	s, err := jsonschema.ForType(reflect.TypeFor[T](), &jsonschema.ForOptions{TypeSchemas: map[reflect.Type]*jsonschema.Schema{
		reflect.TypeFor[uuid.UUID]():       {Type: "string", Format: "uuid"},
		reflect.TypeFor[time.Time]():       {Type: "string", Format: "date-time"},
		reflect.TypeFor[decimal.Decimal](): {Type: "string", Pattern: `^-?[0-9]+(\.[0-9]+)?$`},
		reflect.TypeFor[json.RawMessage](): {},
	}})
	if err != nil {
		panic(fmt.Sprintf("schema for %v: %v", reflect.TypeFor[T](), err))
	}
	return s
}

// errorSchema is the one error shape, {"error": tools.Error}.
func errorSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "object", Required: []string{"error"},
		Properties: map[string]*jsonschema.Schema{"error": schemaOf[tools.Error]()}}
}

// errorStatuses are the error answers the document names, each a shared
// response in the one error shape.
var errorStatuses = map[int]string{
	http.StatusBadRequest:            "bad input; field names it",
	http.StatusUnauthorized:          "no or bad credentials (WWW-Authenticate: Bearer)",
	http.StatusForbidden:             "the role needed, a read-only token, a missing CSRF token, or a household that is not the caller's",
	http.StatusNotFound:              "no such record, or another household's",
	http.StatusMethodNotAllowed:      "not a method this endpoint answers",
	http.StatusConflict:              "conflicts with the data as it is (or an idempotency key reused with other arguments)",
	http.StatusGone:                  "the invitation was used, withdrawn or has expired",
	http.StatusRequestEntityTooLarge: "the body is over 10 MB",
	http.StatusUnsupportedMediaType:  "the body is not of the accepted Content-Type",
	http.StatusUnprocessableEntity:   "well-formed but impossible",
	http.StatusTooManyRequests:       "too many failed sign-ins (Retry-After)",
	http.StatusInternalServerError:   "an unexpected failure, logged with the request id",
	http.StatusServiceUnavailable:    "the database, the assistant or the identity provider does not answer",
}

func errorResponses() map[string]any {
	out := map[string]any{}
	for status, why := range errorStatuses {
		out[strconv.Itoa(status)] = map[string]any{
			"description": why,
			"content":     map[string]any{"application/json": map[string]any{"schema": ref("schemas", "Error")}},
		}
	}
	return out
}

func ref(kind, name string) map[string]any {
	return map[string]any{"$ref": "#/components/" + kind + "/" + name}
}

// responses is an operation's responses: ok and each error status, which
// refers to the shared error response.
func responses(ok map[string]any, errs []int) map[string]any {
	out := map[string]any{}
	for k, v := range ok {
		out[k] = v
	}
	slices.Sort(errs)
	for _, s := range slices.Compact(errs) {
		out[strconv.Itoa(s)] = ref("responses", strconv.Itoa(s))
	}
	return out
}

// jsonResponse is a success answer with a JSON body of schema (nil: no body).
func jsonResponse(status int, description string, schema any, headers map[string]any) map[string]any {
	r := map[string]any{"description": description}
	if schema != nil {
		r["content"] = map[string]any{"application/json": map[string]any{"schema": schema}}
	}
	if len(headers) > 0 {
		r["headers"] = headers
	}
	return map[string]any{strconv.Itoa(status): r}
}

func sharedParameters() map[string]any {
	return map[string]any{
		"Tenant": map[string]any{"name": identity.TenantHeader, "in": "header", "required": false,
			"description": "the household to act in, for a person who belongs to several (API tokens are bound to one)",
			"schema":      map[string]any{"type": "string", "format": "uuid"}},
		"IdempotencyKey": map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
			"description": "a retry with the same key returns the first result and changes nothing",
			"schema":      map[string]any{"type": "string", "maxLength": 200}},
	}
}

func securitySchemes() map[string]any {
	return map[string]any{
		"bearer": map[string]any{"type": "http", "scheme": "bearer",
			"description": "an API token (btk_…), or a Firebase ID token where FIREBASE_PROJECT_ID is set"},
		"session": map[string]any{"type": "apiKey", "in": "cookie", "name": SessionCookie,
			"description": "the web session POST /api/session sets"},
		"csrf": map[string]any{"type": "apiKey", "in": "header", "name": CSRFHeader,
			"description": "the session's csrf_token; needed with the session cookie on POST, PUT, PATCH and DELETE"},
		"metrics": map[string]any{"type": "http", "scheme": "bearer", "description": "METRICS_TOKEN"},
	}
}

// signedIn is the security of an authenticated route: a bearer token, or
// the session cookie (with the CSRF header on a write).
func signedIn(method string) []any {
	cookie := map[string]any{"session": []string{}}
	switch method {
	case http.MethodGet, http.MethodHead:
	default:
		cookie["csrf"] = []string{}
	}
	return []any{map[string]any{"bearer": []string{}}, cookie}
}

// authErrors are what authentication itself can answer on any signed-in
// route: no or bad credentials, a refused household or CSRF token, sign-in
// limits, the identity provider or database down.
var authErrors = []int{401, 403, 429, 500, 503}
