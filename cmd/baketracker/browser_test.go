package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/identity/firebasetest"
)

// chromium is the Debian package's browser; playwright-core drives it
// through executablePath (no browser download).
const chromium = "/usr/bin/chromium"

// TestBrowser runs webtest/browser.mjs (playwright-core, headless Debian
// Chromium, axe-core) against the real server with a fake Gemini behind it:
// token sign-in, the desk screens, the phone capture flow, the offline
// queue, escaping and accessibility. Without chromium or `npm ci` in
// webtest/ it skips locally and fails under CI, where .ci/run installs
// both. Screenshots go to a folder it logs.
func TestBrowser(t *testing.T) {
	webtest := browserPrerequisites(t)
	testdata, err := filepath.Abs("../../../shared/testdata/desktop-sample_data_min.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(testdata); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the desktop export is missing under CI: %v", err)
		}
		t.Skipf("../shared/testdata is not here: %v", err)
	}
	gemini := newScriptedGemini(t)
	b := newBinary(t)
	b.env["GEMINI_API_KEY"] = "test-key"
	b.env["GEMINI_BASE_URL"] = gemini.URL
	base, token := serveForBrowser(t, b)

	runBrowser(t, webtest, "main", "BASE_URL="+base, "TOKEN="+token, "DESKTOP_EXPORT="+testdata)

	// The offline capture reached the server exactly once, whatever the
	// page said.
	n := 0
	for _, c := range listCaptures(t, base, token) {
		if strings.Contains(c.Text, "offline eggs") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the offline capture is on the server %d times, want exactly once", n)
	}
	if asked := gemini.count("offline eggs"); asked != 1 {
		t.Errorf("the model was asked about the offline capture %d times, want once", asked)
	}
	// The phone's capture was confirmed and then undone: its purchase is
	// gone from the server, not just from the page.
	for _, c := range listCaptures(t, base, token) {
		if strings.Contains(c.Text, "flour at Capture Mart") && c.Status != "undone" {
			t.Errorf("the undone capture is %q on the server, want undone", c.Status)
		}
	}
	if out := mcpCall(t, base, token, "list_purchases", `{}`); strings.Contains(out, "Capture Mart") || !strings.Contains(out, "Browser Market") {
		t.Errorf("list_purchases after the undo: %s, want the desk's purchase and not the undone one", out)
	}
	if gemini.voices() == 0 {
		t.Error("the voice note never reached the model as audio")
	}
}

// mcpCall calls tool over /mcp with token and returns the JSON-RPC answer.
func mcpCall(t *testing.T, base, token, tool, args string) string {
	t.Helper()
	body := `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"` + tool + `","arguments":` + args + `}}`
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/mcp", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK || strings.Contains(string(out), `"isError":true`) {
		t.Fatalf("MCP %s: %d %v %s", tool, res.StatusCode, err, out)
	}
	return string(out)
}

// TestBrowserFirebaseSignIn signs in on the sign-in page with email and
// password through the Firebase JS SDK served by the binary, against the
// Auth emulator, and signs out; then accepts an invitation to the Browser
// Bakery from its link and switches between the two households.
func TestBrowserFirebaseSignIn(t *testing.T) {
	webtest := browserPrerequisites(t)
	emu := firebasetest.StartEmulator(t)
	person := emu.SignUp(t, "browser-"+uuid.NewString()[:8]+"@example.com")
	emu.VerifyEmail(t, person)
	b := newBinary(t)
	b.env["FIREBASE_PROJECT_ID"] = firebasetest.Project
	b.env["FIREBASE_AUTH_EMULATOR_HOST"] = emu.Host
	base, owner := serveForBrowser(t, b)
	var inv struct {
		Code string `json:"code"`
	}
	apiJSON(t, http.MethodPost, base+"/api/invitations", owner, `{"email": "`+person.Email+`", "role": "member"}`, http.StatusCreated, &inv)
	runBrowser(t, webtest, "firebase", "BASE_URL="+base, "FB_EMAIL="+person.Email, "FB_PASSWORD="+person.Password,
		"INVITE_CODE="+inv.Code, "INVITED_TO=Browser Bakery")

	// The acceptance is on the server: the person is a member now.
	var members struct {
		Members []struct {
			Email string `json:"email"`
			Role  string `json:"role"`
		} `json:"members"`
	}
	apiJSON(t, http.MethodGet, base+"/api/members", owner, "", http.StatusOK, &members)
	joined := false
	for _, m := range members.Members {
		joined = joined || (m.Email == person.Email && m.Role == "member")
	}
	if !joined {
		t.Errorf("after accepting in the browser, the Browser Bakery's members are %+v", members.Members)
	}
}

// apiJSON sends body (JSON, or nothing) with token and decodes the answer,
// which must have status want, into out.
func apiJSON(t *testing.T, method, url, token, body string, want int, out any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d %s, want %d", method, url, res.StatusCode, raw, want)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("%s %s: %v in %s", method, url, err, raw)
	}
}

// browserPrerequisites returns webtest/, skipping (failing under CI)
// without chromium or its node_modules.
func browserPrerequisites(t *testing.T) string {
	t.Helper()
	webtest, err := filepath.Abs("../../webtest")
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	if _, err := os.Stat(filepath.Join(webtest, "node_modules", "playwright-core")); err != nil {
		missing = append(missing, "webtest/node_modules (npm ci in webtest/)")
	}
	if _, err := os.Stat(chromium); err != nil {
		missing = append(missing, chromium+" (apt-get install chromium)")
	}
	if len(missing) > 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("the browser test needs %s under CI: .ci/run installs them", strings.Join(missing, " and "))
		}
		t.Skipf("the browser test needs %s", strings.Join(missing, " and "))
	}
	return webtest
}

// serveForBrowser starts b's server with a tenant and returns its address
// and the owner's token; the server stops when the test ends.
func serveForBrowser(t *testing.T, b *binary) (base, token string) {
	t.Helper()
	base, stop := b.serve()
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	out, err := b.run("tenant", "create", "--name", "Browser Bakery", "--owner-email", "browser@example.com")
	if err != nil {
		t.Fatal(err)
	}
	var tenant struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal([]byte(out), &tenant); err != nil {
		t.Fatal(err)
	}
	return base, tenant.Token
}

// runBrowser runs browser.mjs's scenarios with env and fails the test for
// each scenario that failed.
func runBrowser(t *testing.T, webtest, scenarios string, env ...string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is required for the browser test: %v", err)
	}
	shots, err := os.MkdirTemp("", "baketracker-screenshots-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots: %s", shots)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(webtest, "browser.mjs"))
	cmd.Dir = webtest
	cmd.Env = append(append(os.Environ(), "SCENARIOS="+scenarios, "CHROMIUM="+chromium, "SCREENSHOTS="+shots), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("browser.mjs: %v\n%s\nstdout:\n%s", err, stderr.String(), raw)
	}
	var got struct {
		Passed   []string `json:"passed"`
		Failures []string `json:"failures"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("browser.mjs printed %s: %v\n%s", raw, err, stderr.String())
	}
	for _, f := range got.Failures {
		t.Error(f)
	}
	if len(got.Failures) > 0 {
		t.Logf("browser.mjs log:\n%s", stderr.String())
	}
	t.Logf("browser scenarios passed: %s", strings.Join(got.Passed, "; "))
	if len(got.Passed) == 0 {
		t.Error("no browser scenario passed")
	}
}

type captureRow struct {
	Text   string `json:"text"`
	Status string `json:"status"`
}

func listCaptures(t *testing.T, base, token string) []captureRow {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/api/captures?limit=100", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Captures []captureRow `json:"captures"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/captures: %d %v", res.StatusCode, err)
	}
	return out.Captures
}

// scriptedGemini answers generateContent as the Gemini API does: a capture
// that mentions flour is proposed as a purchase, and so is a voice note (the
// audio reached the model); anything else is noted.
type scriptedGemini struct {
	*httptest.Server
	mu     sync.Mutex
	texts  []string
	audios int // requests whose last message carried audio
}

func newScriptedGemini(t *testing.T) *scriptedGemini {
	g := &scriptedGemini{}
	g.Server = httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(g.Close)
	return g
}

func (g *scriptedGemini) count(s string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, t := range g.texts {
		if strings.Contains(t, s) {
			n++
		}
	}
	return n
}

func (g *scriptedGemini) voices() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.audios
}

func (g *scriptedGemini) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req struct {
		Contents []struct {
			Parts []struct {
				Text       string `json:"text"`
				InlineData *struct {
					MIMEType string `json:"mimeType"`
				} `json:"inlineData"`
			} `json:"parts"`
		} `json:"contents"`
	}
	if err := json.Unmarshal(body, &req); err != nil || len(req.Contents) == 0 {
		http.Error(w, `{"error":{"code":400,"message":"bad request","status":"INVALID_ARGUMENT"}}`, http.StatusBadRequest)
		return
	}
	var last string
	voice := false
	for _, p := range req.Contents[len(req.Contents)-1].Parts {
		last += p.Text
		voice = voice || (p.InlineData != nil && strings.HasPrefix(p.InlineData.MIMEType, "audio/"))
	}
	g.mu.Lock()
	g.texts = append(g.texts, last)
	if voice {
		g.audios++
	}
	g.mu.Unlock()
	part := map[string]any{"text": "Noted."}
	if strings.Contains(strings.ToLower(last), "flour") {
		part = map[string]any{"functionCall": map[string]any{"id": "c1", "name": "add_purchase", "args": map[string]any{
			"item_name": "Capture Flour", "quantity": 1, "unit": "each", "price": "4.99", "store": "Capture Mart"}}}
	} else if voice {
		part = map[string]any{"functionCall": map[string]any{"id": "v1", "name": "add_purchase", "args": map[string]any{
			"item_name": "Voice Sugar", "quantity": 2, "unit": "lb", "price": "3.25", "store": "Voice Mart"}}}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"candidates":    []map[string]any{{"content": map[string]any{"role": "model", "parts": []any{part}}, "finishReason": "STOP", "index": 0}},
		"usageMetadata": map[string]any{"promptTokenCount": 10, "candidatesTokenCount": 5, "totalTokenCount": 15},
	})
}
