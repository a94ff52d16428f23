package agent_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/store"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// env is the server with captures, a fake Gemini behind the real genai
// client, and one tenant.
type env struct {
	t        testing.TB
	store    *store.Store
	tokens   *identity.APITokens
	registry *tools.Registry
	gemini   *fakeGemini
	url      string
	tenant   identity.NewTenant
}

func newEnv(t testing.TB) *env {
	t.Helper()
	s := dbtest.Store(t)
	return newEnvOn(t, s, newFakeGemini(t))
}

// newEnvOn is another tenant on the same database and fake, with media
// in a file:// folder of the test.
func newEnvOn(t testing.TB, s *store.Store, fake *fakeGemini, tune ...func(*agent.Config)) *env {
	t.Helper()
	return newEnvStoring(t, s, fake, agent.FileStorage{Root: t.TempDir()}, tune...)
}

// newEnvStoring is newEnvOn with the captures' media kept in media.
func newEnvStoring(t testing.TB, s *store.Store, fake *fakeGemini, media agent.Storage, tune ...func(*agent.Config)) *env {
	t.Helper()
	cfg := agent.Config{APIKey: "test-key", BaseURL: fake.url,
		Timeout: 10 * time.Second, Attempts: 2, RetryDelay: 10 * time.Millisecond}
	for _, f := range tune {
		f(&cfg)
	}
	tokens := identity.NewAPITokens(s, 0)
	reg := tools.MustRegistry(tools.New(s, nil))
	ag, err := agent.New(t.Context(), cfg, reg)
	if err != nil {
		t.Fatal(err)
	}
	caps := agent.NewCaptures(s, reg, ag, media, nil)
	srv := httptest.NewServer(web.New(web.Deps{
		Logger: slog.New(slog.DiscardHandler), Verifier: tokens,
		Ready: func(context.Context) error { return nil }, Registry: reg, Captures: caps,
	}))
	t.Cleanup(srv.Close)
	email := fmt.Sprintf("owner-%s@example.test", uuid.NewString()[:8])
	nt, err := identity.CreateTenant(context.Background(), s, tokens, "Bakery "+email, email)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, store: s, tokens: tokens, registry: reg, gemini: fake, url: srv.URL, tenant: nt}
}

type resp struct {
	Status int
	Body   []byte
	Header http.Header
}

func (e *env) do(method, path, token, body string, header ...string) resp {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.url+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return e.send(req)
}

func (e *env) send(req *http.Request) resp {
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{res.StatusCode, b, res.Header}
}

// file is one multipart file of a capture.
type file struct {
	field, contentType string
	data               []byte
}

// capture posts a capture with text and files.
func (e *env) capture(token, text string, files ...file) resp {
	e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename="upload"`, f.field))
		h.Set("Content-Type", f.contentType)
		p, err := w.CreatePart(h)
		if err != nil {
			e.t.Fatal(err)
		}
		_, _ = p.Write(f.data)
	}
	if text != "" {
		_ = w.WriteField("text", text)
	}
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, e.url+"/api/captures", &body)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return e.send(req)
}

// captureView is the JSON of a capture.
type captureView struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	Detail    string `json:"detail"`
	Reply     string `json:"reply"`
	Proposals []struct {
		ID        string          `json:"id"`
		Tool      string          `json:"tool"`
		Arguments json.RawMessage `json:"arguments"`
		Summary   string          `json:"summary"`
		Resolved  []struct {
			Tool string `json:"tool"`
		} `json:"resolved"`
	} `json:"proposals"`
	Results []struct {
		ID     string          `json:"id"`
		Result json.RawMessage `json:"result"`
		Error  *tools.Error    `json:"error"`
	} `json:"results"`
	Media []struct {
		Kind     string `json:"kind"`
		MIMEType string `json:"mime_type"`
		SHA256   string `json:"sha256"`
	} `json:"media"`
}

func decode[T any](t testing.TB, r resp, want int) T {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d: %s", r.Status, want, r.Body)
	}
	var v T
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
	return v
}

func errorOf(t *testing.T, r resp) tools.Error {
	t.Helper()
	var body struct{ Error tools.Error }
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("not an error body: %s", r.Body)
	}
	return body.Error
}

// lots counts the tenant's pantry lots, in the database itself.
func (e *env) lots() int {
	e.t.Helper()
	var n int
	err := e.store.InTenantTx(e.t.Context(), e.tenant.TenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(e.t.Context(), "SELECT count(*) FROM pantry_items").Scan(&n)
	})
	if err != nil {
		e.t.Fatalf("count lots: %v", err)
	}
	return n
}

// owner is the tenant owner's identity, for setting up data.
func (e *env) owner() identity.Identity {
	return identity.Identity{TenantID: e.tenant.TenantID, UserID: e.tenant.UserID, Role: identity.RoleOwner}
}
