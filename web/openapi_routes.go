package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v5"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
)

// restRoute describes a route that is not one tool's. Types that handlers
// encode directly are described by schemaOf; the maps handlers build are
// written out here.
type restRoute struct {
	summary string
	tag     string
	// auth is how callers are known: signedIn (bearer or session, the
	// default), public, person (a Firebase ID token) or metricsAuth.
	auth  authKind
	role  string // the least role, where it is more than any member
	query []queryParam
	// body is the JSON request body's schema; form the multipart one's.
	body, form any
	// status is the success status; result its JSON body (nil: none, or
	// a body of the resultTypes).
	status      int
	result      any
	resultTypes []string
	idempotent  bool // takes an Idempotency-Key header
	accepted    bool // may also answer 202 with no body
	errs        []int
}

type authKind int

const (
	signedInAuth authKind = iota
	public
	person
	metricsAuth
)

type queryParam struct {
	name, description string
	schema            any
}

// js is a schema written as JSON.
func js(s string) json.RawMessage { return json.RawMessage(s) }

// listOfSchema is {"<property>": [item]}.
func listOfSchema(property string, item any) any {
	return map[string]any{"type": "object", "required": []string{property},
		"properties": map[string]any{property: map[string]any{"type": []string{"array", "null"}, "items": item}}}
}

var (
	sessionSchema = js(`{"type":"object","required":["csrf_token","tenant_id","user_id","email","role","read_only"],"properties":{
		"csrf_token":{"type":"string","description":"send it as X-CSRF-Token on cookie-authenticated writes"},
		"tenant_id":{"type":"string","format":"uuid"},"user_id":{"type":"string","format":"uuid"},
		"email":{"type":"string"},"role":{"type":"string","enum":["owner","admin","member"]},"read_only":{"type":"boolean"},
		"expires_at":{"type":"string","format":"date-time","description":"when the session ends at the latest (sign-in only)"}}}`)
	idSchema     = js(`{"type":"string","format":"uuid"}`)
	statusSchema = js(`{"type":"object","required":["status"],"properties":{"status":{"type":"string"}}}`)
	limitParam   = func(most string) queryParam {
		return queryParam{name: "limit", description: "page size, 1 to " + most, schema: js(`{"type":"integer","minimum":1,"maximum":` + most + `}`)}
	}
	jsonBodyErrs = []int{400, 413, 415}
)

// restRoutes describes every route that is not one tool's, by "METHOD
// /echo/path". A route missing here is missing from the document, which
// the drift test reports; so is an entry no route has.
var restRoutes = map[string]restRoute{
	"GET /health": {summary: "Liveness: 200 while the process runs", tag: "health", auth: public, result: statusSchema},
	"GET /ready":  {summary: "Readiness: 200 while the database answers", tag: "health", auth: public, result: statusSchema, errs: []int{503}},
	"GET " + OpenAPIPath: {summary: "This document", tag: "health", auth: public,
		result: js(`{"type":"object","required":["openapi","info","paths"]}`)},

	"POST /api/session": {summary: "Sign in: sets the session cookie; answers the CSRF token", tag: "session", auth: public,
		body: js(`{"type":"object","additionalProperties":false,"properties":{
			"token":{"type":"string","description":"an API token"},"id_token":{"type":"string","description":"a Firebase ID token"}}}`),
		status: 201, result: sessionSchema, errs: []int{400, 401, 403, 413, 415, 429, 503}},
	"GET /api/session":    {summary: "The session's CSRF token and identity", tag: "session", result: sessionSchema, errs: []int{404}},
	"DELETE /api/session": {summary: "Sign out", tag: "session", status: 204, errs: []int{404}},
	"GET /api/me": {summary: "Who is calling, in which household, and every household of a signed-in person", tag: "session",
		result: js(`{"type":"object","required":["user_id","tenant_id","email","role"],"properties":{
			"user_id":{"type":["string","null"],"format":"uuid"},"tenant_id":{"type":["string","null"],"format":"uuid"},
			"email":{"type":"string"},"role":{"type":"string"},"email_verified":{"type":"boolean"},
			"memberships":{"type":["array","null"],"items":` + mustJSON(schemaOf[identity.MembershipInfo]()) + `}}}`)},

	"POST /api/tokens": {summary: "Create an API token (the secret is shown once)", tag: "tokens",
		body: js(`{"type":"object","additionalProperties":false,"required":["name"],"properties":{
			"name":{"type":"string","minLength":1,"maxLength":100},"read_only":{"type":"boolean"},
			"expires_in_days":{"type":["integer","null"],"minimum":1,"maximum":3650}}}`),
		status: 201, result: js(`{"type":"object","required":["id","name","token","prefix","read_only","expires_at","user_id"],"properties":{
			"id":{"type":"string","format":"uuid"},"name":{"type":"string"},"token":{"type":"string"},"prefix":{"type":"string"},
			"read_only":{"type":"boolean"},"expires_at":{"type":["string","null"],"format":"date-time"},"user_id":{"type":"string","format":"uuid"}}}`),
		errs: jsonBodyErrs},
	"GET /api/tokens": {summary: "API tokens: a member's own, or every one of the household for owners and admins", tag: "tokens",
		result: listOfSchema("tokens", schemaOf[identity.TokenInfo]())},
	"DELETE /api/tokens/:id": {summary: "Revoke an API token", tag: "tokens", status: 204, errs: []int{400, 404}},
	"GET /api/security-events": {summary: "Security events, newest first", tag: "households", role: identity.RoleOwner,
		query: []queryParam{limitParam("500"), {name: "before", description: "page back from this time (RFC 3339)",
			schema: js(`{"type":"string","format":"date-time"}`)}},
		result: listOfSchema("events", js(`{"type":"object","required":["id","kind","user_id","request_id","client_address","detail","created_at"],"properties":{
			"id":{"type":"string"},"kind":{"type":"string"},"user_id":{"type":["string","null"]},"request_id":{"type":"string"},
			"client_address":{"type":"string"},"detail":{},"created_at":{"type":"string","format":"date-time"}}}`)),
		errs: []int{400}},

	"GET /api/members": {summary: "The household's members", tag: "households", role: identity.RoleAdmin,
		result: listOfSchema("members", schemaOf[identity.Member]())},
	"PATCH /api/members/:user_id": {summary: "Change a member's role (only owners make or demote owners; never the last owner)", tag: "households",
		role: identity.RoleAdmin, body: js(`{"type":"object","additionalProperties":false,"required":["role"],"properties":{
			"role":{"type":"string","enum":["owner","admin","member"]}}}`),
		result: schemaOf[identity.Member](), errs: append([]int{404, 409, 422}, jsonBodyErrs...)},
	"DELETE /api/members/:user_id": {summary: "Remove a member (never the last owner)", tag: "households", role: identity.RoleAdmin,
		status: 204, errs: []int{400, 404, 409}},
	"POST /api/invitations": {summary: "Invite someone (7 days)", tag: "households", role: identity.RoleAdmin,
		body: js(`{"type":"object","additionalProperties":false,"required":["role"],"properties":{
			"role":{"type":"string","enum":["owner","admin","member"]},"email":{"type":"string","format":"email"}}}`),
		status: 201, result: js(`{"type":"object","required":["id","code","url","role","email","expires_at"],"properties":{
			"id":{"type":"string","format":"uuid"},"code":{"type":"string"},"url":{"type":"string","format":"uri"},
			"role":{"type":"string"},"email":{"type":["string","null"]},"expires_at":{"type":"string","format":"date-time"}}}`),
		errs: append([]int{409, 422}, jsonBodyErrs...)},
	"GET /api/invitations": {summary: "The household's invitations", tag: "households", role: identity.RoleAdmin,
		result: listOfSchema("invitations", schemaOf[identity.Invitation]())},
	"DELETE /api/invitations/:id": {summary: "Withdraw an invitation", tag: "households", role: identity.RoleAdmin,
		status: 204, errs: []int{400, 404, 410}},
	"POST /api/invitations/:id/accept": {summary: "Accept an invitation (the path's id is its code), as a person signed in with Firebase",
		tag: "households", auth: person, result: schemaOf[identity.Joined](), errs: []int{404, 409, 410}},
	"DELETE /api/tenant": {summary: "Delete the household and every row of it", tag: "households", role: identity.RoleOwner,
		body: js(`{"type":"object","additionalProperties":false,"required":["confirm"],"properties":{
			"confirm":{"type":"string","description":"the household's name"}}}`),
		status: 204, errs: append([]int{422}, jsonBodyErrs...)},

	"POST /api/imports": {summary: "Import a desktop export or a phone file (all or nothing)", tag: "import", role: identity.RoleAdmin,
		form: js(`{"type":"object","required":["file"],"properties":{
			"file":{"type":"string","contentMediaType":"application/octet-stream"},
			"dry_run":{"type":"string","enum":["true","false"]},"kind":{"type":"string","enum":["desktop","mobile"]}}}`),
		result: schemaOf[importer.Report](), errs: []int{400, 413, 422}},

	"POST /api/captures": {summary: "Send a capture (voice, photo, text) to the assistant", tag: "captures",
		form: js(`{"type":"object","properties":{
			"audio":{"type":"string","contentMediaType":"audio/*"},"image":{"type":"string","contentMediaType":"image/*"},
			"text":{"type":"string"}}}`),
		status: 201, result: schemaOf[agent.View](), errs: []int{400, 413, 415}},
	"GET /api/captures": {summary: "Captures, newest first", tag: "captures", query: []queryParam{limitParam("100")},
		result: listOfSchema("captures", schemaOf[agent.View]()), errs: []int{400}},
	"GET /api/captures/:id":          {summary: "One capture", tag: "captures", result: schemaOf[agent.View](), errs: []int{404}},
	"POST /api/captures/:id/retry":   {summary: "Run a failed capture again", tag: "captures", result: schemaOf[agent.View](), errs: []int{404, 409}},
	"POST /api/captures/:id/undo":    {summary: "Undo a confirmed capture's writes where nothing has built on them", tag: "captures", result: schemaOf[agent.View](), errs: []int{403, 404, 409}},
	"GET /api/usage":                 {summary: "The household's model tokens this month, with the limit", tag: "captures", result: schemaOf[agent.UsageView]()},
	"POST /api/captures/:id/discard": {summary: "Discard a capture's proposals", tag: "captures", result: schemaOf[agent.View](), errs: []int{404, 409}},
	"POST /api/captures/:id/messages": {summary: "Correct a capture with a reply", tag: "captures",
		body:   js(`{"type":"object","additionalProperties":false,"required":["text"],"properties":{"text":{"type":"string"}}}`),
		result: schemaOf[agent.View](), errs: append([]int{404, 409}, jsonBodyErrs...)},
	"POST /api/captures/:id/confirm": {summary: "Run the chosen proposals, each once, as the caller", tag: "captures", idempotent: true,
		body: map[string]any{"type": "object", "additionalProperties": false, "required": []string{"proposals"},
			"properties": map[string]any{"proposals": map[string]any{"type": "array", "items": schemaOf[agent.Pick]()}}},
		result: schemaOf[agent.View](), errs: append([]int{404, 409, 422}, jsonBodyErrs...)},

	"POST /mcp": mcpRoute,
	// A stateless server keeps no stream or session to open or end.
	"GET /mcp":    {summary: "MCP Streamable HTTP: no server-sent stream (stateless)", tag: "mcp", status: 405, errs: []int{405}},
	"DELETE /mcp": {summary: "MCP Streamable HTTP: no session to end (stateless)", tag: "mcp", status: 405, errs: []int{405}},
}

// mcpRoute is the MCP Streamable HTTP endpoint: JSON-RPC, described by the
// MCP specification and its own tools/list, not here. A notification or
// response is answered 202 with no body.
var mcpRoute = restRoute{summary: "MCP Streamable HTTP (stateless JSON-RPC; see tools/list)", tag: "mcp",
	body: js(`{"type":"object","description":"a JSON-RPC message"}`), resultTypes: []string{"application/json", "text/event-stream"}, accepted: true,
	errs: []int{400, 405, 413, 415}}

// metricsRoute is GET /metrics, served beside Echo while METRICS_TOKEN is set.
var metricsRoute = restRoute{summary: "Prometheus metrics", tag: "health", auth: metricsAuth, resultTypes: []string{"text/plain"}, errs: []int{401}}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// operation is d as an OpenAPI operation for route r.
func (d restRoute) operation(r echo.RouteInfo) map[string]any {
	op := map[string]any{"summary": d.summary, "tags": []string{d.tag},
		"operationId": strings.ToLower(r.Method) + strings.NewReplacer("/", "_", ":", "", ".", "_", "-", "_").Replace(r.Path)}
	if d.role != "" {
		op["x-role"] = d.role
	}
	params := pathParameters(r, func(name string) any {
		if name == "id" && strings.HasSuffix(r.Path, "/accept") {
			return js(`{"type":"string","description":"the invitation code"}`)
		}
		return idSchema
	})
	errs := slices.Clone(d.errs)
	switch d.auth {
	case public:
		op["security"] = []any{}
		errs = append(errs, 500)
	case person:
		op["security"] = []any{map[string]any{"bearer": []string{}}}
		errs = append(errs, authErrors...)
	case metricsAuth:
		op["security"] = []any{map[string]any{"metrics": []string{}}}
	default:
		op["security"] = signedIn(r.Method)
		errs = append(errs, authErrors...)
	}
	if d.auth != metricsAuth && strings.HasPrefix(r.Path, "/api/") && r.Path != OpenAPIPath {
		params = append(params, ref("parameters", "Tenant"))
	}
	if d.idempotent {
		params = append(params, ref("parameters", "IdempotencyKey"))
	}
	for _, q := range d.query {
		params = append(params, map[string]any{"name": q.name, "in": "query", "required": false, "description": q.description, "schema": q.schema})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	switch {
	case d.body != nil:
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": d.body}}}
	case d.form != nil:
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{"schema": d.form}}}
	}
	status := d.status
	if status == 0 {
		status = http.StatusOK
	}
	ok := jsonResponse(status, d.summary, d.result, nil)
	if len(d.resultTypes) > 0 {
		content := map[string]any{}
		for _, t := range d.resultTypes {
			content[t] = map[string]any{}
		}
		ok = map[string]any{strconv.Itoa(status): map[string]any{"description": d.summary, "content": content}}
	}
	if d.accepted {
		ok["202"] = map[string]any{"description": "a notification or a response: nothing to answer"}
	}
	op["responses"] = responses(ok, errs)
	return op
}
