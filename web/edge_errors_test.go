package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// refusedNotes is the one value the constraint added by refusingServer
// refuses: the tools validate everything the schema itself checks, so the
// test adds a check they cannot know about (as a migration racing a deploy,
// or a rule added in the database first, would).
const refusedNotes = "refused by the database, not by validation"

type refusingServer struct {
	httpServer
	log    *dbtest.SyncBuffer
	tables []string
}

// newRefusingServer is the whole HTTP surface, logging JSON with request ids
// the way serve does, over a database whose ingredients refuse refusedNotes.
func newRefusingServer(t *testing.T) refusingServer {
	t.Helper()
	ctx := t.Context()
	conn, err := pgx.Connect(ctx, dbtest.DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// Idempotent: parallel tests of this process share the database.
	if _, err := conn.Exec(ctx, `DO $$ BEGIN
		ALTER TABLE ingredients ADD CONSTRAINT ingredients_notes_check CHECK (notes IS DISTINCT FROM '`+refusedNotes+`') NOT VALID;
		EXCEPTION WHEN duplicate_object THEN NULL; END $$`); err != nil {
		t.Fatal(err)
	}
	rows, _ := conn.Query(ctx, `SELECT relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(tables) < 10 {
		t.Fatalf("tables %v: %v", tables, err)
	}

	log := &dbtest.SyncBuffer{}
	logger := slog.New(web.LogRequestIDs(slog.NewJSONHandler(log, nil)))
	s := dbtest.Store(t)
	tokens := identity.NewAPITokens(s, 0)
	reg := tools.MustRegistry(tools.New(s, logger))
	srv := httptest.NewServer(web.New(web.Deps{
		Logger: logger, Verifier: tokens, Ready: s.Ping, Registry: reg, Importer: importer.New(s, logger),
		MCP: web.MCPHandler(reg.MCPServer("test", false), reg.MCPServer("test", true), logger),
	}))
	t.Cleanup(srv.Close)
	return refusingServer{httpServer: httpServer{URL: srv.URL, tokens: tokens}, log: log, tables: tables}
}

// assertNoDatabaseText fails when body carries PostgreSQL's words, a
// constraint or a table name.
func (r refusingServer) assertNoDatabaseText(t *testing.T, body string) {
	t.Helper()
	for _, w := range []string{"violates", "constraint", "relation", "SQLSTATE", "23514", "pq:", "ERROR:", "ingredients_notes_check", "DETAIL"} {
		if strings.Contains(body, w) {
			t.Errorf("client body carries %q: %s", w, body)
		}
	}
	for _, table := range r.tables {
		if regexp.MustCompile(`\b` + table + `\b`).MatchString(body) {
			t.Errorf("client body names table %s: %s", table, body)
		}
	}
}

// assertLogged fails unless the server logged the database's detail under
// the request id.
func (r refusingServer) assertLogged(t *testing.T, requestID string) {
	t.Helper()
	for line := range strings.SplitSeq(r.log.String(), "\n") {
		if strings.Contains(line, `"request_id":"`+requestID+`"`) && strings.Contains(line, "ingredients_notes_check") {
			return
		}
	}
	t.Errorf("no log line with request_id %s and the constraint; log:\n%s", requestID, r.log.String())
}

// A constraint violation through REST answers the one error shape naming
// the field, and the detail goes to the log with the request id.
func TestDatabaseRefusalOverRESTShowsNoSQL(t *testing.T) {
	t.Parallel()
	r := newRefusingServer(t)
	nt := r.newTenant(t)
	req, _ := http.NewRequest(http.MethodPost, r.URL+"/api/ingredients",
		strings.NewReader(`{"name": "Spelt Flour", "notes": "`+refusedNotes+`"}`))
	req.Header.Set("Authorization", "Bearer "+nt.Token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-ID", "rest-refusal-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var doc struct{ Error tools.Error }
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	if resp.StatusCode != http.StatusBadRequest || doc.Error.Code != "invalid_argument" || doc.Error.Field != "notes" {
		t.Errorf("%d %s, want 400 invalid_argument on notes", resp.StatusCode, body)
	}
	if got := resp.Header.Get("X-Request-ID"); got != "rest-refusal-1" {
		t.Errorf("X-Request-ID %q, want the caller's echoed", got)
	}
	r.assertNoDatabaseText(t, string(body))
	r.assertLogged(t, "rest-refusal-1")
}

// requestIDs sets the bearer token and a fixed request id on MCP requests.
type requestIDs struct {
	token, id string
}

func (x requestIDs) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+x.token)
	req.Header.Set("X-Request-ID", x.id)
	return http.DefaultTransport.RoundTrip(req)
}

// The same violation through MCP over HTTP is a tool error in the same shape,
// without database text, logged with the request id.
func TestDatabaseRefusalOverMCPShowsNoSQL(t *testing.T) {
	t.Parallel()
	r := newRefusingServer(t)
	nt := r.newTenant(t)
	transport := &mcp.StreamableClientTransport{
		Endpoint:   r.URL + "/mcp",
		HTTPClient: &http.Client{Transport: requestIDs{token: nt.Token, id: "mcp-refusal-1"}},
	}
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "0"}, nil).Connect(t.Context(), transport, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: "create_ingredient",
		Arguments: map[string]any{"name": "Spelt Flour", "notes": refusedNotes}})
	if err != nil {
		t.Fatal(err)
	}
	text := res.Content[0].(*mcp.TextContent).Text
	var doc struct{ Error tools.Error }
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("tool error %s: %v", text, err)
	}
	if !res.IsError || doc.Error.Code != "invalid_argument" || doc.Error.Field != "notes" {
		t.Errorf("result %s (error %v), want an invalid_argument tool error on notes", text, res.IsError)
	}
	r.assertNoDatabaseText(t, text)
	r.assertLogged(t, "mcp-refusal-1")
}

// An import the database refuses is 422 on the file, naming the field but
// no table, constraint or SQL.
func TestDatabaseRefusalOverImportShowsNoSQL(t *testing.T) {
	t.Parallel()
	r := newRefusingServer(t)
	nt := r.newTenant(t)
	file := `{"version": "4.0", "application": "bake-tracker", "ingredients": [
		{"slug": "spelt_flour", "display_name": "Spelt Flour", "category": "Flour", "notes": "` + refusedNotes + `"}]}`
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, _ := w.CreateFormFile("file", "backup.json")
	_, _ = fw.Write([]byte(file))
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, r.URL+"/api/imports", &b)
	req.Header.Set("Authorization", "Bearer "+nt.Token)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("X-Request-ID", "import-refusal-1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var doc struct{ Error tools.Error }
	_ = json.Unmarshal(body, &doc)
	if resp.StatusCode != http.StatusUnprocessableEntity || doc.Error.Field != "file" || !strings.Contains(doc.Error.Message, "notes") {
		t.Errorf("%d %s, want 422 on file naming notes", resp.StatusCode, body)
	}
	r.assertNoDatabaseText(t, string(body))
	r.assertLogged(t, "import-refusal-1")
}
