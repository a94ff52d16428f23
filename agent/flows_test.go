package agent_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/genai"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/dbtest"

	"github.com/baketracker/baketracker/tools"
)

var flour = map[string]any{"item_name": "flour", "quantity": 2, "unit": "lb", "price": 8, "store": "Costco"}

// TestVoicePurchaseIsOneRoundTrip: a one-item purchase that needs no
// lookup is proposed after one model call, and nothing is written yet.
// The fake checks the declarations are the registry's own schemas.
func TestVoicePurchaseIsOneRoundTrip(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.gemini.then(calls(call("c1", "add_purchase", flour)))
	v := decode[captureView](t, e.capture(e.tenant.Token, "two pounds of flour at Costco for eight dollars"), http.StatusCreated)
	if v.Status != "proposed" || len(v.Proposals) != 1 || v.Proposals[0].Tool != "add_purchase" {
		t.Fatalf("capture: %+v, want one add_purchase proposal", v)
	}
	var args map[string]any
	_ = json.Unmarshal(v.Proposals[0].Arguments, &args)
	if args["store"] != "Costco" || args["unit"] != "lb" || !strings.Contains(v.Proposals[0].Summary, "Costco") {
		t.Errorf("proposal %s / %q does not carry the purchase", v.Proposals[0].Arguments, v.Proposals[0].Summary)
	}
	sent := e.gemini.requests()
	if len(sent) != 1 {
		t.Fatalf("%d model round trips, want 1", len(sent))
	}
	if n := e.lots(); n != 0 {
		t.Errorf("%d pantry lots before confirm; a proposal must not write", n)
	}
	req := sent[0]
	if req.Model != "gemini-2.5-flash" {
		t.Errorf("model %q, want the default gemini-2.5-flash", req.Model)
	}
	if got := req.texts(); !slices.Equal(got, []string{"two pounds of flour at Costco for eight dollars"}) {
		t.Errorf("person's text sent as %q", got)
	}
	instr := req.SystemInstruction.Parts[0].Text
	if !strings.Contains(instr, time.Now().Format("2006-01-02")) || !strings.Contains(instr, "NOT executed") {
		t.Errorf("system instruction lacks today's date or the propose rule: %s", instr)
	}
	assertDeclarations(t, e.registry, req)
}

// assertDeclarations: every read tool and every write tool with an
// idempotency key is declared, each with exactly the registry's schema.
func assertDeclarations(t *testing.T, reg *tools.Registry, req sentRequest) {
	t.Helper()
	if len(req.Tools) != 1 {
		t.Fatalf("%d tools entries, want 1", len(req.Tools))
	}
	declared := map[string]json.RawMessage{}
	for _, d := range req.Tools[0].FunctionDeclarations {
		declared[d.Name] = d.ParametersJsonSchema
	}
	for _, st := range reg.Tools() {
		got, ok := declared[st.Tool.Name]
		_, keyed := st.InputSchema().Properties["idempotency_key"]
		if want := st.Access == tools.Read || keyed; ok != want {
			t.Errorf("tool %s declared %v, want %v", st.Tool.Name, ok, want)
			continue
		}
		if !ok {
			continue
		}
		want, _ := json.Marshal(st.InputSchema())
		if !jsonEqual(got, want) {
			t.Errorf("tool %s declared with\n%s\nwant the registry's\n%s", st.Tool.Name, got, want)
		}
	}
	// The writes the four flows and the review queue need; every write tool
	// but delete_ingredient takes an idempotency key, which confirm sets.
	for _, name := range []string{"add_purchase", "adjust_inventory", "create_event_with_recipes", "list_pantry",
		"resolve_barcode_review", "list_barcode_reviews", "record_usage", "list_store_aliases", "add_event_recipe"} {
		if _, ok := declared[name]; !ok {
			t.Errorf("%s is not declared", name)
		}
	}
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

// TestShelfPhotoReadsThenProposes: the model looks the lot up with
// list_pantry (run at once, its answer echoed with the call's id), then
// proposes adjust_inventory on that lot; the photo reaches the model as
// image/png and the proposal says what it resolved.
func TestShelfPhotoReadsThenProposes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	lot := e.seedLot()
	e.gemini.then(calls(call("look-1", "list_pantry", map[string]any{"ingredient": "flour"})),
		func(r sentRequest) answer {
			frs := r.functionResponses()
			if len(frs) != 1 || frs[0].ID != "look-1" || frs[0].Name != "list_pantry" {
				t.Errorf("function responses %+v, want list_pantry echoing id look-1", frs)
				return callsNow()
			}
			var out tools.ListPantryOutput
			b, _ := json.Marshal(frs[0].Response["output"])
			if err := json.Unmarshal(b, &out); err != nil || len(out.Items) != 1 {
				t.Errorf("list_pantry output %s: %v", b, err)
				return callsNow()
			}
			return callsNow(call("adj-1", "adjust_inventory", map[string]any{"pantry_item_id": out.Items[0].ID, "percentage_remaining": 40}))
		})
	png := []byte("\x89PNG\r\n\x1a\nfake image bytes")
	v := decode[captureView](t, e.capture(e.tenant.Token, "the flour bag is about 40% full", file{"image", "image/png", png}), http.StatusCreated)
	if v.Status != "proposed" || len(v.Proposals) != 1 || v.Proposals[0].Tool != "adjust_inventory" {
		t.Fatalf("capture: %+v, want one adjust_inventory proposal", v)
	}
	if !strings.Contains(string(v.Proposals[0].Arguments), lot) {
		t.Errorf("proposal %s is not for lot %s", v.Proposals[0].Arguments, lot)
	}
	if len(v.Proposals[0].Resolved) != 1 || v.Proposals[0].Resolved[0].Tool != "list_pantry" {
		t.Errorf("resolved %+v, want the list_pantry lookup", v.Proposals[0].Resolved)
	}
	if len(v.Media) != 1 || v.Media[0].MIMEType != "image/png" || len(v.Media[0].SHA256) != 64 {
		t.Errorf("media %+v, want one image/png with its SHA-256", v.Media)
	}
	sent := e.gemini.requests()
	if len(sent) != 2 {
		t.Fatalf("%d round trips, want 2", len(sent))
	}
	blob := sent[0].Contents[0].Parts[0].InlineData
	if blob == nil || blob.MIMEType != "image/png" || !bytes.Equal(blob.Data, png) {
		t.Errorf("first part %+v, want the photo inline as image/png", sent[0].Contents[0].Parts[0])
	}
}

// seedLot records a purchase through the registry and returns its lot id.
func (e *env) seedLot() string {
	e.t.Helper()
	out, err := e.registry.Call(e.t.Context(), e.owner(), "add_purchase", mustJSON(flour))
	if err != nil {
		e.t.Fatalf("seed purchase: %v", err)
	}
	return out.(tools.AddPurchaseOutput).PantryItemIDs[0]
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// TestParallelCallsAnsweredInOrderWithTheirIDs: two lookups in one
// response both run and come back with their ids; two writes in one
// response become two proposals.
func TestParallelCallsAnsweredInOrderWithTheirIDs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.gemini.then(calls(call("a", "list_pantry", nil), call("b", "list_ingredients", map[string]any{"query": "sugar"})),
		func(r sentRequest) answer {
			frs := r.functionResponses()
			if len(frs) != 2 || frs[0].ID != "a" || frs[1].ID != "b" || frs[1].Name != "list_ingredients" {
				t.Errorf("function responses %+v, want ids a then b", frs)
			}
			sugar := map[string]any{"item_name": "sugar", "quantity": 4, "unit": "lb", "price": 3.5, "store": "Costco"}
			return callsNow(call("w1", "add_purchase", flour), call("w2", "add_purchase", sugar))
		})
	v := decode[captureView](t, e.capture(e.tenant.Token, "flour and sugar at Costco"), http.StatusCreated)
	if v.Status != "proposed" || len(v.Proposals) != 2 || v.Proposals[0].ID == v.Proposals[1].ID {
		t.Fatalf("capture: %+v, want two distinct proposals", v)
	}
}

// TestCorrectionRevisesProposalsWithHistory: "no, five pounds, and it was
// Trader Joe's" reaches the model after the first exchange, and the new
// proposal replaces the old one.
func TestCorrectionRevisesProposalsWithHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.gemini.then(calls(call("c1", "add_purchase", flour)))
	first := decode[captureView](t, e.capture(e.tenant.Token, "two pounds of flour at Costco for eight dollars"), http.StatusCreated)
	fixed := map[string]any{"item_name": "flour", "quantity": 5, "unit": "lb", "price": 8, "store": "Trader Joe's"}
	e.gemini.then(func(r sentRequest) answer {
		want := []string{"two pounds of flour at Costco for eight dollars", "no, five pounds, and it was Trader Joe's"}
		if got := r.texts(); !slices.Equal(got, want) {
			t.Errorf("texts sent %q, want %q", got, want)
		}
		var sawCall, sawResponse bool
		for _, c := range r.Contents {
			for _, p := range c.Parts {
				sawCall = sawCall || p.FunctionCall != nil && p.FunctionCall.ID == "c1" && c.Role == genai.RoleModel
				sawResponse = sawResponse || p.FunctionResponse != nil && p.FunctionResponse.ID == "c1"
			}
		}
		if !sawCall || !sawResponse {
			t.Errorf("history lacks the first call (%v) or its response (%v)", sawCall, sawResponse)
		}
		return callsNow(call("c2", "add_purchase", fixed))
	})
	v := decode[captureView](t, e.do(http.MethodPost, "/api/captures/"+first.ID+"/messages", e.tenant.Token,
		`{"text": "no, five pounds, and it was Trader Joe's"}`), http.StatusOK)
	if len(v.Proposals) != 1 || !strings.Contains(string(v.Proposals[0].Arguments), "Trader Joe") || v.Proposals[0].ID == first.Proposals[0].ID {
		t.Fatalf("revised proposals %+v, want one new Trader Joe's purchase", v.Proposals)
	}
}

// TestModelErrorsKeepTheCaptureForRetry: a 429 (retried, then given up)
// and a 500 (not retried) leave the capture stored as failed with its
// media; retry runs it again and succeeds.
func TestModelErrorsKeepTheCaptureForRetry(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status   int
		requests int // the client retries 429 and 503, up to 2 attempts here
		detail   string
	}{{http.StatusTooManyRequests, 2, "model_busy"}, {http.StatusInternalServerError, 1, "model_error"}} {
		e := newEnv(t)
		for range tc.requests {
			e.gemini.then(failing(tc.status))
		}
		v := decode[captureView](t, e.capture(e.tenant.Token, "two pounds of flour", file{"audio", "audio/ogg; codecs=opus", []byte("OggS fake")}), http.StatusCreated)
		if v.Status != "failed" || !strings.HasPrefix(v.Detail, tc.detail) || len(v.Media) != 1 {
			t.Fatalf("%d: capture %+v, want failed %s with its media kept", tc.status, v, tc.detail)
		}
		if n := len(e.gemini.requests()); n != tc.requests {
			t.Errorf("%d: %d requests, want %d", tc.status, n, tc.requests)
		}
		listed := decode[struct{ Captures []captureView }](t, e.do(http.MethodGet, "/api/captures", e.tenant.Token, ""), http.StatusOK)
		if len(listed.Captures) != 1 || listed.Captures[0].Status != "failed" {
			t.Errorf("%d: list %+v, want the failed capture", tc.status, listed.Captures)
		}
		e.gemini.then(func(r sentRequest) answer {
			blob := r.Contents[0].Parts[0].InlineData
			if blob == nil || blob.MIMEType != "audio/ogg" || string(blob.Data) != "OggS fake" {
				t.Errorf("retry sent %+v, want the stored audio as audio/ogg", r.Contents[0].Parts[0])
			}
			return callsNow(call("c1", "add_purchase", flour))
		})
		again := decode[captureView](t, e.do(http.MethodPost, "/api/captures/"+v.ID+"/retry", e.tenant.Token, ""), http.StatusOK)
		if again.Status != "proposed" || len(again.Proposals) != 1 {
			t.Errorf("%d: retry %+v, want a proposal", tc.status, again)
		}
	}
}

// TestAbnormalStopsEndTheTurn: a malformed call, a safety stop and a
// max-tokens stop end the turn as failed with a status saying which.
func TestAbnormalStopsEndTheTurn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for reason, want := range map[string]string{"MALFORMED_FUNCTION_CALL": "malformed_call", "SAFETY": "blocked", "MAX_TOKENS": "max_tokens"} {
		e.gemini.then(finish(reason))
		v := decode[captureView](t, e.capture(e.tenant.Token, "flour"), http.StatusCreated)
		if v.Status != "failed" || !strings.HasPrefix(v.Detail, want) {
			t.Errorf("%s: capture %+v, want failed %s", reason, v, want)
		}
	}
}

// TestStepCapEndsALookupLoop: a model that keeps looking things up is
// stopped after the cap, never hangs.
func TestStepCapEndsALookupLoop(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for range 6 {
		e.gemini.then(calls(call("again", "list_pantry", nil)))
	}
	v := decode[captureView](t, e.capture(e.tenant.Token, "what do I have?"), http.StatusCreated)
	if v.Status != "failed" || !strings.HasPrefix(v.Detail, "step_limit") {
		t.Fatalf("capture %+v, want failed step_limit", v)
	}
	if n := len(e.gemini.requests()); n != 6 {
		t.Errorf("%d round trips, want the cap of 6", n)
	}
}

// TestUnsupportedMediaIs415NamingTheAcceptedTypes: nothing is stored and
// the model is not called.
func TestUnsupportedMediaIs415NamingTheAcceptedTypes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, f := range []file{{"audio", "audio/webm;codecs=opus", []byte("webm")}, {"image", "image/gif", []byte("GIF89a")}} {
		r := e.capture(e.tenant.Token, "", f)
		if r.Status != http.StatusUnsupportedMediaType {
			t.Fatalf("%s: %d %s, want 415", f.contentType, r.Status, r.Body)
		}
		if er := errorOf(t, r); er.Field != f.field || !strings.Contains(er.Message, map[string]string{"audio": "audio/ogg", "image": "image/heic"}[f.field]) {
			t.Errorf("%s: error %+v does not name the accepted types", f.contentType, er)
		}
	}
	if n := len(e.gemini.requests()); n != 0 {
		t.Errorf("%d model calls for refused media", n)
	}
	listed := decode[struct{ Captures []captureView }](t, e.do(http.MethodGet, "/api/captures", e.tenant.Token, ""), http.StatusOK)
	if len(listed.Captures) != 0 {
		t.Errorf("%d captures stored for refused media", len(listed.Captures))
	}
}

// TestPlainAnswerProposesNothing: a question gets the model's words and
// no proposal.
func TestPlainAnswerProposesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.gemini.then(text("You have no flour yet."))
	v := decode[captureView](t, e.capture(e.tenant.Token, "how much flour do I have?"), http.StatusCreated)
	if v.Status != "answered" || v.Reply != "You have no flour yet." || len(v.Proposals) != 0 {
		t.Errorf("capture %+v, want the answer and no proposal", v)
	}
}

// TestReceiptPhotoProposesEveryLine: one JPEG receipt, several purchases
// with the store and date read once, in one round trip.
func TestReceiptPhotoProposesEveryLine(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	line := func(name string, qty, price float64) map[string]any {
		return map[string]any{"item_name": name, "quantity": qty, "unit": "lb", "price": price, "store": "Costco", "purchase_date": "2026-12-05"}
	}
	e.gemini.then(calls(call("r1", "add_purchase", line("KS organic flour", 25, 17.99)),
		call("r2", "add_purchase", line("sugar", 10, 8.49)), call("r3", "add_purchase", line("butter", 4, 14.99))))
	v := decode[captureView](t, e.capture(e.tenant.Token, "", file{"image", "image/jpeg", []byte("\xff\xd8\xff receipt")}), http.StatusCreated)
	if v.Status != "proposed" || len(v.Proposals) != 3 {
		t.Fatalf("capture %+v, want three purchases", v)
	}
	if sent := e.gemini.requests(); len(sent) != 1 || sent[0].Contents[0].Parts[0].InlineData.MIMEType != "image/jpeg" {
		t.Errorf("want one round trip with the receipt as image/jpeg, got %d", len(sent))
	}
	body := `{"proposals": [{"id": "` + v.Proposals[0].ID + `"}, {"id": "` + v.Proposals[1].ID + `"}, {"id": "` + v.Proposals[2].ID + `"}]}`
	if done := decode[captureView](t, e.do(http.MethodPost, "/api/captures/"+v.ID+"/confirm", e.tenant.Token, body, "Idempotency-Key", "r"), http.StatusOK); done.Status != "confirmed" {
		t.Fatalf("confirm: %+v", done)
	}
	if n := e.lots(); n != 3 {
		t.Errorf("%d lots, want 3", n)
	}
}

// TestVoiceEventShowsUnmatchedRecipes: "Thanksgiving for 12, cranberry
// tart and pumpkin pie" proposes create_event_with_recipes; confirming it
// names the recipes it could not match.
func TestVoiceEventShowsUnmatchedRecipes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.gemini.then(calls(call("ev", "create_event_with_recipes", map[string]any{"event_name": "Thanksgiving",
		"event_date": "2026-11-26", "guest_count": 12, "recipe_names": []string{"cranberry tart", "pumpkin pie"}})))
	v := decode[captureView](t, e.capture(e.tenant.Token, "Thanksgiving for 12, cranberry tart and pumpkin pie"), http.StatusCreated)
	if len(v.Proposals) != 1 || v.Proposals[0].Tool != "create_event_with_recipes" {
		t.Fatalf("capture %+v, want create_event_with_recipes", v)
	}
	done := decode[captureView](t, e.do(http.MethodPost, "/api/captures/"+v.ID+"/confirm", e.tenant.Token,
		`{"proposals": [{"id": "`+v.Proposals[0].ID+`"}]}`, "Idempotency-Key", "ev"), http.StatusOK)
	if len(done.Results) != 1 || done.Results[0].Error != nil {
		t.Fatalf("confirm %+v", done)
	}
	var out struct{ Unmatched []string }
	_ = json.Unmarshal(done.Results[0].Result, &out)
	if len(out.Unmatched) != 2 {
		t.Errorf("result %s, want both recipe names unmatched", done.Results[0].Result)
	}
}

// TestOverloadIsRetriedWithinTheBound: one 503 is retried by the client
// and the capture succeeds, in two requests.
func TestOverloadIsRetriedWithinTheBound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.gemini.then(failing(http.StatusServiceUnavailable), calls(call("c1", "add_purchase", flour)))
	v := decode[captureView](t, e.capture(e.tenant.Token, "two pounds of flour at Costco for eight dollars"), http.StatusCreated)
	if v.Status != "proposed" || len(e.gemini.requests()) != 2 {
		t.Errorf("capture %+v after %d requests, want proposed after 2", v, len(e.gemini.requests()))
	}
}

// TestSlowModelTimesOut: a model that does not answer within the timeout
// fails the capture instead of hanging the request. The fake holds its answer
// far longer than the timeout (and is released when the test ends), so a
// missing timeout shows as a proposed capture, not as a slow test.
func TestSlowModelTimesOut(t *testing.T) {
	t.Parallel()
	fake := newFakeGemini(t)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	e := newEnvOn(t, dbtest.Store(t), fake, func(c *agent.Config) { c.Timeout = 200 * time.Millisecond; c.Attempts = 1 })
	fake.then(func(sentRequest) answer {
		select {
		case <-release:
		case <-time.After(time.Minute):
		}
		return callsNow(call("c1", "add_purchase", map[string]any{"item_name": "flour"}))
	})
	v := decode[captureView](t, e.capture(e.tenant.Token, "flour"), http.StatusCreated)
	if v.Status != "failed" || !strings.HasPrefix(v.Detail, "model_") {
		t.Errorf("capture %+v, want failed on the model", v)
	}
}

// TestCaptureOverTenMegabytesIs413: nothing is stored.
func TestCaptureOverTenMegabytesIs413(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.capture(e.tenant.Token, "", file{"image", "image/jpeg", bytes.Repeat([]byte{0xff}, agent.MaxCaptureBytes+1)})
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("%d %s, want 413", r.Status, r.Body)
	}
	if n := len(e.gemini.requests()); n != 0 {
		t.Errorf("%d model calls for a refused capture", n)
	}
}
