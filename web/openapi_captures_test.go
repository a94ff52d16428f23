package web_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/web"
)

// TestOpenAPICapturesConform: the captures' answers — a capture with a
// proposal, the list, one capture, a correction, a confirm with its
// results, a discard — are what the document says, through a server
// checked by conforming, with a fake Gemini at the network edge.
func TestOpenAPICapturesConform(t *testing.T) {
	t.Parallel()
	gemini := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(r.Body)
		part := `{"functionCall":{"id":"c1","name":"create_ingredient","args":{"name":"Spelt flour","category":"Flours"}}}`
		if strings.Contains(buf.String(), "functionResponse") {
			part = `{"text":"I can add spelt flour."}`
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"candidates":[{"content":{"role":"model","parts":[%s]},"finishReason":"STOP","index":0}],
			"usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":5,"totalTokenCount":15}}`, part)
	}))
	t.Cleanup(gemini.Close)

	s := dbtest.Store(t)
	tokens := identity.NewAPITokens(s, 0)
	reg := tools.MustRegistry(tools.New(s, nil))
	ag, err := agent.New(t.Context(), agent.Config{APIKey: "test-key", BaseURL: gemini.URL, Timeout: 10 * time.Second, Attempts: 1}, reg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(conforming(t, web.New(web.Deps{
		Logger: slog.New(slog.DiscardHandler), Verifier: tokens, Ready: func(context.Context) error { return nil },
		Registry: reg, Captures: agent.NewCaptures(s, reg, ag, agent.FileStorage{Root: t.TempDir()}, nil),
	})))
	t.Cleanup(srv.Close)
	email := "captures-" + uuid.NewString()[:8] + "@example.test"
	nt, err := identity.CreateTenant(t.Context(), s, tokens, "Bakery "+email, email)
	if err != nil {
		t.Fatal(err)
	}
	a := restEnv{t: t, url: srv.URL, tokens: tokens, tenant: nt, email: email}

	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	_ = mw.WriteField("text", "bought spelt flour")
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/captures", &form)
	req.Header.Set("Authorization", "Bearer "+nt.Token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("a capture: %d", res.StatusCode)
	}
	list := decodeAs[struct{ Captures []agent.View }](t, a.do("GET", "/api/captures", nt.Token, ""))
	if len(list.Captures) != 1 || len(list.Captures[0].Proposals) != 1 {
		t.Fatalf("captures: %+v, want one with one proposal", list.Captures)
	}
	c := list.Captures[0]
	for _, step := range []struct{ method, path, body string }{
		{"GET", "/api/captures/" + c.ID.String(), ""},
		{"POST", "/api/captures/" + c.ID.String() + "/confirm", `{"proposals":[{"id":"` + c.Proposals[0].ID + `"}]}`},
		{"POST", "/api/captures/" + c.ID.String() + "/messages", `{"text":"and rye"}`},
		{"POST", "/api/captures/" + c.ID.String() + "/discard", ""},
		{"GET", "/api/captures/" + uuid.NewString(), ""},
	} {
		r := a.do(step.method, step.path, nt.Token, step.body, "Idempotency-Key", "confirm-1")
		if r.Status >= 500 {
			t.Errorf("%s %s: %d %s", step.method, step.path, r.Status, r.Body)
		}
	}
	got := decodeAs[agent.View](t, a.do("POST", "/api/captures/"+c.ID.String()+"/confirm", nt.Token,
		`{"proposals":[{"id":"`+c.Proposals[0].ID+`"}]}`, "Idempotency-Key", "confirm-1"))
	if len(got.Results) != 1 || got.Results[0].Error != nil {
		t.Errorf("the confirm repeated: %+v, want the first confirm's result", got)
	}
}
