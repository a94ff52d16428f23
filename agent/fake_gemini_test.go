package agent_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"google.golang.org/genai"
)

// sentRequest is what the genai client sent to generateContent, in the
// REST shape of the Gemini API.
type sentRequest struct {
	Model             string
	Contents          []*genai.Content `json:"contents"`
	SystemInstruction *genai.Content   `json:"systemInstruction"`
	Tools             []struct {
		FunctionDeclarations []struct {
			Name                 string          `json:"name"`
			Description          string          `json:"description"`
			ParametersJsonSchema json.RawMessage `json:"parametersJsonSchema"`
		} `json:"functionDeclarations"`
	} `json:"tools"`
}

// functionResponses are the function responses of the request's last turn.
func (r sentRequest) functionResponses() []*genai.FunctionResponse {
	var out []*genai.FunctionResponse
	last := r.Contents[len(r.Contents)-1]
	for _, p := range last.Parts {
		if p.FunctionResponse != nil {
			out = append(out, p.FunctionResponse)
		}
	}
	return out
}

// texts is every text part the person sent, in order.
func (r sentRequest) texts() []string {
	var out []string
	for _, c := range r.Contents {
		if c.Role != genai.RoleUser {
			continue
		}
		for _, p := range c.Parts {
			if p.Text != "" {
				out = append(out, p.Text)
			}
		}
	}
	return out
}

// answer is one scripted reply of the fake: an HTTP status with a body.
type answer struct {
	status int
	body   any
}

// fakeGemini speaks generateContent: each request gets the next scripted
// answer, computed from what was sent.
type fakeGemini struct {
	t      testing.TB
	url    string
	mu     sync.Mutex
	script []func(sentRequest) answer
	sent   []sentRequest
}

func newFakeGemini(t testing.TB) *fakeGemini {
	f := &fakeGemini{t: t}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func (f *fakeGemini) serve(w http.ResponseWriter, r *http.Request) {
	model, ok := strings.CutPrefix(r.URL.Path, "/v1beta/models/")
	if !ok || !strings.HasSuffix(model, ":generateContent") || r.Method != http.MethodPost {
		f.t.Errorf("fake gemini: unexpected %s %s", r.Method, r.URL.Path)
		http.Error(w, `{"error":{"code":404,"message":"unknown path","status":"NOT_FOUND"}}`, http.StatusNotFound)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var req sentRequest
	if err := json.Unmarshal(body, &req); err != nil {
		f.t.Errorf("fake gemini: request is not generateContent JSON: %v", err)
	}
	req.Model = strings.TrimSuffix(model, ":generateContent")
	f.mu.Lock()
	f.sent = append(f.sent, req)
	if len(f.script) == 0 {
		f.mu.Unlock()
		f.t.Errorf("fake gemini: unexpected request %d", len(f.sent))
		http.Error(w, `{"error":{"code":500,"message":"no script","status":"INTERNAL"}}`, http.StatusInternalServerError)
		return
	}
	next := f.script[0]
	f.script = f.script[1:]
	f.mu.Unlock()
	a := next(req)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	_ = json.NewEncoder(w).Encode(a.body)
}

// then queues answers, one per request.
func (f *fakeGemini) then(steps ...func(sentRequest) answer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = append(f.script, steps...)
}

// requests returns what was sent so far.
func (f *fakeGemini) requests() []sentRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sentRequest(nil), f.sent...)
}

// calls answers with function calls (parallel when several).
func calls(fc ...*genai.FunctionCall) func(sentRequest) answer {
	return func(sentRequest) answer { return callsNow(fc...) }
}

func callsNow(fc ...*genai.FunctionCall) answer {
	parts := make([]map[string]any, len(fc))
	for i, c := range fc {
		parts[i] = map[string]any{"functionCall": c}
	}
	return candidate(map[string]any{"role": "model", "parts": parts}, "STOP")
}

// text answers with plain text.
func text(s string) func(sentRequest) answer {
	return func(sentRequest) answer {
		return candidate(map[string]any{"role": "model", "parts": []map[string]any{{"text": s}}}, "STOP")
	}
}

// finish answers with an empty candidate stopped for reason.
func finish(reason string) func(sentRequest) answer {
	return func(sentRequest) answer {
		return candidate(map[string]any{"role": "model", "parts": []map[string]any{}}, reason)
	}
}

// failing answers an HTTP error as the Gemini API does.
func failing(status int) func(sentRequest) answer {
	return func(sentRequest) answer {
		return answer{status, map[string]any{"error": map[string]any{"code": status, "message": http.StatusText(status), "status": fmt.Sprint(status)}}}
	}
}

func candidate(content map[string]any, reason string) answer {
	return answer{http.StatusOK, map[string]any{
		"candidates":    []map[string]any{{"content": content, "finishReason": reason, "index": 0}},
		"usageMetadata": map[string]any{"promptTokenCount": 10, "candidatesTokenCount": 5, "totalTokenCount": 15},
	}}
}

func call(id, name string, args map[string]any) *genai.FunctionCall {
	return &genai.FunctionCall{ID: id, Name: name, Args: args}
}
