package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/baketracker/baketracker/dbtest"
)

// binary runs baketracker commands in-process against one data folder and
// no DATABASE_URL, as a newcomer's machine would.
type binary struct {
	t   *testing.T
	env map[string]string
	// serveLog is the stderr of the latest serve.
	serveLog *dbtest.SyncBuffer
}

func newBinary(t *testing.T) *binary {
	t.Helper()
	// As root, PostgreSQL runs as the postgres user, which must be able to
	// reach the folder: t.TempDir's parent is private, so use our own.
	dir, err := os.MkdirTemp("", "baketracker-cmd-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	return &binary{t: t, env: map[string]string{
		"BAKETRACKER_DATA_DIR":    dir,
		"PORT":                    "0",
		"LOG_FORMAT":              "text",
		"BAKETRACKER_TOKEN_CACHE": "0s",
		"METRICS_TOKEN":           "test-metrics",
	}}
}

func (b *binary) getenv(k string) string { return b.env[k] }

// run runs one command to completion and returns its stdout.
func (b *binary) run(args ...string) (string, error) {
	var stdout, stderr dbtest.SyncBuffer
	err := run(context.Background(), args, b.getenv, strings.NewReader(""), &stdout, &stderr)
	if err != nil {
		b.t.Logf("baketracker %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), err
}

// serve starts `baketracker serve` and returns its base URL and a function
// that stops it (SIGTERM's path: the context ends) and returns its error.
func (b *binary) serve() (string, func() error) {
	b.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &dbtest.SyncBuffer{}
	b.serveLog = stderr
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, b.getenv, strings.NewReader(""), io.Discard, stderr) }()
	listening := regexp.MustCompile(`listening on http://\[::\]:(\d+)`)
	deadline := time.Now().Add(60 * time.Second)
	for {
		if m := listening.FindStringSubmatch(stderr.String()); m != nil {
			return "http://127.0.0.1:" + m[1], func() error { cancel(); return <-done }
		}
		select {
		case err := <-done:
			b.t.Fatalf("serve exited: %v\n%s", err, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			b.t.Fatalf("serve did not start:\n%s", stderr.String())
		}
	}
}

func getJSON(t *testing.T, url, token string) (int, http.Header, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("GET %s: status %d, body is not JSON: %v", url, resp.StatusCode, err)
	}
	return resp.StatusCode, resp.Header, body
}

// TestEmbeddedServer is the newcomer's path: serve with nothing configured,
// create a tenant while it runs, authenticate, refuse a second server on the
// same folder, and come back after a restart with the data intact.
func TestEmbeddedServer(t *testing.T) {
	t.Parallel()
	b := newBinary(t)
	base, stop := b.serve()
	newCluster := "created a new embedded database in " + b.env["BAKETRACKER_DATA_DIR"]
	if !strings.Contains(b.serveLog.String(), newCluster) {
		t.Errorf("first serve did not name the new database's folder:\n%s", b.serveLog.String())
	}

	for _, path := range []string{"/health", "/ready"} {
		if code, _, _ := getJSON(t, base+path, ""); code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, code)
		}
	}

	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /metrics without METRICS_TOKEN's bearer: %d, want 401", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer test-metrics")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	metricsText, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(metricsText), `baketracker_http_requests_total{method="GET",route="/health",status="200"} 1`) ||
		!strings.Contains(string(metricsText), "baketracker_db_connections_max") {
		t.Errorf("GET /metrics: %d\n%s", resp.StatusCode, metricsText)
	}

	out, err := b.run("tenant", "create", "--name", "Ann's Bakery", "--owner-email", "Ann@Example.com")
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ TenantID, UserID, Token string }
	if err := json.Unmarshal([]byte(out), &struct {
		TenantID *string `json:"tenant_id"`
		UserID   *string `json:"user_id"`
		Token    *string `json:"token"`
	}{&created.TenantID, &created.UserID, &created.Token}); err != nil || created.Token == "" || created.TenantID == "" || created.UserID == "" {
		t.Fatalf("tenant create printed %q (%v), want {tenant_id, user_id, token}", out, err)
	}

	code, _, me := getJSON(t, base+"/api/me", created.Token)
	if code != http.StatusOK || me["tenant_id"] != created.TenantID || me["user_id"] != created.UserID ||
		me["email"] != "ann@example.com" || me["role"] != "owner" {
		t.Fatalf("GET /api/me: %d %v", code, me)
	}

	// Missing, wrong and revoked tokens all get 401 in the JSON error shape.
	code, hdr, body := getJSON(t, base+"/api/me", "")
	if code != http.StatusUnauthorized || !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") || errCode(body) != "unauthorized" {
		t.Errorf("no token: %d %v %v", code, hdr.Get("WWW-Authenticate"), body)
	}
	wrong := created.Token[:len(created.Token)-4] + "AAAA"
	if code, _, body := getJSON(t, base+"/api/me", wrong); code != http.StatusUnauthorized || errCode(body) != "unauthorized" {
		t.Errorf("wrong token: %d %v", code, body)
	}
	out, err = b.run("token", "create", "--email", "ann@example.com", "--name", "laptop")
	if err != nil {
		t.Fatal(err)
	}
	var second struct {
		Token string `json:"token"`
		ID    string `json:"id"`
	}
	if err := json.Unmarshal([]byte(out), &second); err != nil || second.Token == "" {
		t.Fatalf("token create printed %q", out)
	}
	if code, _, _ := getJSON(t, base+"/api/me", second.Token); code != http.StatusOK {
		t.Fatalf("second token: %d", code)
	}
	if _, err := b.run("token", "revoke", "--tenant", created.TenantID, "--id", second.ID); err != nil {
		t.Fatal(err)
	}
	if code, _, body := getJSON(t, base+"/api/me", second.Token); code != http.StatusUnauthorized || errCode(body) != "unauthorized" {
		t.Errorf("revoked token: %d %v", code, body)
	}

	// A second server on the same folder is refused, clearly.
	_, err = b.run("serve")
	if err == nil || !strings.Contains(err.Error(), "in use") || !strings.Contains(err.Error(), b.env["BAKETRACKER_DATA_DIR"]) {
		t.Errorf("second serve: %v, want an error naming the folder as in use", err)
	}

	if err := stop(); err != nil {
		t.Fatalf("graceful shutdown: %v", err)
	}
	base, stop = b.serve()
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	}()
	if code, _, me := getJSON(t, base+"/api/me", created.Token); code != http.StatusOK || me["tenant_id"] != created.TenantID {
		t.Fatalf("after restart: %d %v", code, me)
	}
	if strings.Contains(b.serveLog.String(), "created a new embedded database") {
		t.Errorf("restart claims a new database:\n%s", b.serveLog.String())
	}
}

func errCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}
