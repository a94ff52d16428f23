package agent_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/importer"
	"github.com/baketracker/baketracker/tools"
)

// usage is GET /api/usage.
type usage struct {
	Month      string `json:"month"`
	Captures   int64  `json:"captures"`
	ModelCalls int64  `json:"model_calls"`
	Total      int64  `json:"total_tokens"`
	Prompt     int64  `json:"prompt_tokens"`
	Limit      *int64 `json:"limit"`
	Remaining  *int64 `json:"remaining"`
}

// TestTokensAreCountedAndTheMonthlyLimitAnswers429: every model call's
// usageMetadata (15 tokens from the fake) is added to the capture and the
// tenant's month; once the limit is reached captures, messages and retries
// answer 429 ai_quota_exhausted without calling the model, and confirming
// and the rest of the API still work.
func TestTokensAreCountedAndTheMonthlyLimitAnswers429(t *testing.T) {
	t.Parallel()
	e := newEnvOn(t, dbtest.Store(t), newFakeGemini(t), func(c *agent.Config) { c.MonthlyTokenLimit = 30 })
	first := e.proposed(flour)
	got := decode[struct {
		Tokens struct {
			Total int64 `json:"total_tokens"`
		}
	}](t, e.do(http.MethodGet, "/api/captures/"+first.ID, e.tenant.Token, ""), http.StatusOK)
	if got.Tokens.Total != 15 {
		t.Errorf("capture tokens %d, want 15", got.Tokens.Total)
	}
	u := decode[usage](t, e.do(http.MethodGet, "/api/usage", e.tenant.Token, ""), http.StatusOK)
	if u.Captures != 1 || u.ModelCalls != 1 || u.Total != 15 || u.Prompt != 10 || u.Limit == nil || *u.Limit != 30 || *u.Remaining != 15 ||
		u.Month != time.Now().UTC().Format("2006-01") {
		t.Errorf("usage %+v, want 1 capture, 15 of 30 tokens this month", u)
	}
	// A failed call that the model answered still costs nothing here (no
	// usage in an error), but a second turn does: 30 of 30.
	e.gemini.then(text("Noted."))
	if r := e.do(http.MethodPost, "/api/captures/"+first.ID+"/messages", e.tenant.Token, `{"text": "thanks"}`); r.Status != http.StatusOK {
		t.Fatalf("message within the limit: %d %s", r.Status, r.Body)
	}
	before := len(e.gemini.requests())
	for name, r := range map[string]resp{
		"capture": e.capture(e.tenant.Token, "two pounds of flour"),
		"message": e.do(http.MethodPost, "/api/captures/"+first.ID+"/messages", e.tenant.Token, `{"text": "no, five"}`),
	} {
		if r.Status != http.StatusTooManyRequests || errorOf(t, r).Code != "ai_quota_exhausted" {
			t.Errorf("%s over the limit: %d %s, want 429 ai_quota_exhausted", name, r.Status, r.Body)
		}
		if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 31*24*3600 {
			t.Errorf("%s over the limit: Retry-After %q, want the seconds to next month", name, r.Header.Get("Retry-After"))
		}
	}
	if n := len(e.gemini.requests()); n != before {
		t.Errorf("%d model calls over the limit", n-before)
	}
	u = decode[usage](t, e.do(http.MethodGet, "/api/usage", e.tenant.Token, ""), http.StatusOK)
	if u.Total != 30 || *u.Remaining != 0 || u.Captures != 1 {
		t.Errorf("usage %+v, want 30 tokens, none remaining, still 1 capture", u)
	}
	if r := e.do(http.MethodGet, "/api/me", e.tenant.Token, ""); r.Status != http.StatusOK {
		t.Errorf("/api/me over the limit: %d", r.Status)
	}
}

// TestRetryOverQuotaIs429: a failed capture is not retried past the limit.
func TestRetryOverQuotaIs429(t *testing.T) {
	t.Parallel()
	e := newEnvOn(t, dbtest.Store(t), newFakeGemini(t), func(c *agent.Config) { c.MonthlyTokenLimit = 15; c.Attempts = 1 })
	e.gemini.then(calls(call("c1", "add_purchase", flour)))
	decode[captureView](t, e.capture(e.tenant.Token, "flour"), http.StatusCreated)
	// A second tenant's spend is its own.
	other := newEnvOn(t, e.store, e.gemini, func(c *agent.Config) { c.MonthlyTokenLimit = 15; c.Attempts = 1 })
	e.gemini.then(failing(http.StatusTooManyRequests))
	failed := decode[captureView](t, other.capture(other.tenant.Token, "flour"), http.StatusCreated)
	if failed.Status != "failed" {
		t.Fatalf("capture %+v, want failed", failed)
	}
	if r := e.capture(e.tenant.Token, "sugar"); r.Status != http.StatusTooManyRequests {
		t.Errorf("tenant A over its limit: %d %s, want 429", r.Status, r.Body)
	}
	e.gemini.then(calls(call("c1", "add_purchase", flour)))
	if v := decode[captureView](t, other.do(http.MethodPost, "/api/captures/"+failed.ID+"/retry", other.tenant.Token, ""), http.StatusOK); v.Status != "proposed" {
		t.Errorf("tenant B's retry %+v, want proposed (its own month is unspent)", v)
	}
}

// TestOverloadTwiceThenSuccess: 503, 503, then an answer, within three
// attempts and one request of the person's: one capture, proposed.
func TestOverloadTwiceThenSuccess(t *testing.T) {
	t.Parallel()
	e := newEnvOn(t, dbtest.Store(t), newFakeGemini(t), func(c *agent.Config) { c.Attempts = 3 })
	e.gemini.then(failing(http.StatusServiceUnavailable), failing(http.StatusServiceUnavailable), calls(call("c1", "add_purchase", flour)))
	v := decode[captureView](t, e.capture(e.tenant.Token, "two pounds of flour at Costco for eight dollars"), http.StatusCreated)
	if v.Status != "proposed" || len(e.gemini.requests()) != 3 {
		t.Errorf("capture %+v after %d requests, want proposed after 3", v, len(e.gemini.requests()))
	}
	listed := decode[struct{ Captures []captureView }](t, e.do(http.MethodGet, "/api/captures", e.tenant.Token, ""), http.StatusOK)
	if len(listed.Captures) != 1 {
		t.Errorf("%d captures, want 1", len(listed.Captures))
	}
}

// TestTodayIsTheTenantsDate: at 00:30 UTC on 7 December it is already
// the afternoon of the 7th in Auckland and still the 6th in Los Angeles;
// each household's instruction says its own date (UTC until set). A bad
// zone name is refused naming time_zone; a member may not set it.
func TestTodayIsTheTenantsDate(t *testing.T) {
	t.Parallel()
	clock := func() time.Time { return time.Date(2026, 12, 7, 0, 30, 0, 0, time.UTC) }
	fake := newFakeGemini(t)
	s := dbtest.Store(t)
	for zone, want := range map[string]string{
		"Pacific/Auckland":    "Today is 2026-12-07 (Monday, time zone Pacific/Auckland)",
		"America/Los_Angeles": "Today is 2026-12-06 (Sunday, time zone America/Los_Angeles)",
		"":                    "Today is 2026-12-07 (Monday, time zone UTC)",
	} {
		e := newEnvOn(t, s, fake, func(c *agent.Config) { c.Now = clock })
		if zone != "" {
			if _, err := e.registry.Call(t.Context(), e.owner(), "set_time_zone", mustJSON(map[string]any{"time_zone": zone})); err != nil {
				t.Fatalf("set %s: %v", zone, err)
			}
		}
		fake.then(func(r sentRequest) answer {
			if instr := r.SystemInstruction.Parts[0].Text; !strings.Contains(instr, want) {
				t.Errorf("%q: instruction %.160q, want %q", zone, instr, want)
			}
			return text("ok")(r)
		})
		decode[captureView](t, e.capture(e.tenant.Token, "what day is it?"), http.StatusCreated)
	}
	e := newEnvOn(t, s, fake)
	for _, bad := range []string{"Mars/Olympus", "Local", "../etc/passwd", ""} {
		_, err := e.registry.Call(t.Context(), e.owner(), "set_time_zone", mustJSON(map[string]any{"time_zone": bad}))
		if err == nil || err.Field != "time_zone" || err.Status != http.StatusBadRequest {
			t.Errorf("time zone %q: %v, want 400 naming time_zone", bad, err)
		}
	}
	member := e.owner()
	member.Role = "member"
	if _, err := e.registry.Call(t.Context(), member, "set_time_zone", mustJSON(map[string]any{"time_zone": "UTC"})); err == nil || err.Code != "forbidden" {
		t.Errorf("member sets the time zone: %v, want forbidden", err)
	}
}

// seedProduct creates an ingredient and a product of it; returns its id.
func (e *env) seedProduct(ingredient, brand, name string, qty int, unit string) string {
	e.t.Helper()
	ing, err := e.registry.Call(e.t.Context(), e.owner(), "create_ingredient", mustJSON(map[string]any{"name": ingredient, "default_unit": "g"}))
	if err != nil {
		e.t.Fatalf("seed ingredient: %v", err)
	}
	ingID := mustMap(ing)["id"].(string)
	prod, err := e.registry.Call(e.t.Context(), e.owner(), "create_product", mustJSON(map[string]any{"ingredient": ingID, "brand": brand, "product_name": name,
		"package_unit": unit, "package_unit_quantity": qty}))
	if err != nil {
		e.t.Fatalf("seed product: %v", err)
	}
	return mustMap(prod)["id"].(string)
}

func mustMap(v any) map[string]any {
	var m map[string]any
	if err := json.Unmarshal(mustJSON(v), &m); err != nil {
		panic(err)
	}
	return m
}

// TestReceiptLineLearnedPerStore: the first Costco receipt's line "KS ORG
// AP FLR 25LB", confirmed as the Kirkland flour, is remembered for Costco;
// the next receipt's request tells the model the line and the product, and
// the same line as item_name records that product without guessing. At
// another store the line means nothing yet.
func TestReceiptLineLearnedPerStore(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	kirkland := e.seedProduct("all-purpose flour", "Kirkland", "Organic All-Purpose Flour", 25, "lb")
	const line = "KS ORG AP FLR 25LB"
	purchase := func(item string) map[string]any {
		return map[string]any{"item_name": item, "receipt_text": line, "quantity": 1, "unit": "each", "price": 17.99, "store": "Costco"}
	}
	receipt := file{"image", "image/jpeg", []byte("\xff\xd8\xff receipt")}
	e.gemini.then(func(r sentRequest) answer {
		if strings.Contains(r.SystemInstruction.Parts[0].Text, line) {
			t.Errorf("the first receipt's instruction already knows %q", line)
		}
		return callsNow(call("r1", "add_purchase", purchase(kirkland)))
	})
	v := decode[captureView](t, e.capture(e.tenant.Token, "", receipt), http.StatusCreated)
	e.confirmAll(v)
	aliases, err := e.registry.Call(t.Context(), e.owner(), "list_store_aliases", mustJSON(map[string]any{"store": "costco"}))
	if err != nil {
		t.Fatal(err)
	}
	if got := aliases.(tools.ListStoreAliasesOutput).Aliases; len(got) != 1 || got[0].ReceiptText != line || got[0].ProductID != kirkland || got[0].Store != "Costco" {
		t.Fatalf("aliases %+v, want %q → %s at Costco", got, line, kirkland)
	}

	e.gemini.then(func(r sentRequest) answer {
		instr := r.SystemInstruction.Parts[0].Text
		if !strings.Contains(instr, fmt.Sprintf("Costco: %q → %s", line, kirkland)) {
			t.Errorf("second receipt's instruction lacks the learned line:\n%s", instr)
		}
		return callsNow(call("r1", "add_purchase", purchase(line)))
	})
	w := decode[captureView](t, e.capture(e.tenant.Token, "", receipt), http.StatusCreated)
	done := e.confirmAll(w)
	var out tools.AddPurchaseOutput
	if err := json.Unmarshal(done.Results[0].Result, &out); err != nil || out.Product.ID != kirkland || out.MatchedBy != "store_alias" {
		t.Errorf("second receipt recorded %+v (%v), want the Kirkland flour matched by store_alias", out, err)
	}
	elsewhere := purchase(line)
	elsewhere["store"] = "Walmart"
	res, e2 := e.registry.Call(t.Context(), e.owner(), "add_purchase", mustJSON(elsewhere))
	if e2 != nil || res.(tools.AddPurchaseOutput).MatchedBy == "store_alias" {
		t.Errorf("the Costco line at Walmart: %+v %v, want a purchase not matched by a store alias", res, e2)
	}
	// Another household's Costco knows nothing of this one's lines.
	other := newEnvOn(t, e.store, e.gemini)
	res, e2 = other.registry.Call(t.Context(), other.owner(), "add_purchase", mustJSON(purchase(line)))
	if e2 != nil || res.(tools.AddPurchaseOutput).MatchedBy == "store_alias" || res.(tools.AddPurchaseOutput).Product.ID == kirkland {
		t.Errorf("another tenant's Costco line: %+v %v, want its own new product", res, e2)
	}
	if got, _ := other.registry.Call(t.Context(), other.owner(), "list_store_aliases", mustJSON(map[string]any{})); len(got.(tools.ListStoreAliasesOutput).Aliases) != 1 ||
		got.(tools.ListStoreAliasesOutput).Aliases[0].ProductID == kirkland {
		t.Errorf("another tenant lists %+v, want only its own line", got)
	}
}

// confirmAll confirms every proposal of v.
func (e *env) confirmAll(v captureView) captureView {
	e.t.Helper()
	var picks []string
	for _, p := range v.Proposals {
		picks = append(picks, fmt.Sprintf(`{"id": %q}`, p.ID))
	}
	done := decode[captureView](e.t, e.confirm(e.tenant.Token, v.ID, "all-"+v.ID, `{"proposals": [`+strings.Join(picks, ",")+`]}`), http.StatusOK)
	if done.Status != "confirmed" {
		e.t.Fatalf("confirm: %+v", done)
	}
	return done
}

// TestBarcodeReviewAnsweredThroughTheAgent: "that was the King Arthur
// bread flour" — the model reads the pending scans and the products, and
// proposes resolve_barcode_review mapping the scan to that product;
// confirming records the scanned purchase and empties the queue.
func TestBarcodeReviewAnsweredThroughTheAgent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	kingArthur := e.seedProduct("bread flour", "King Arthur", "Bread Flour", 5, "lb")
	scans := `{"schema_version": "4.0", "import_type": "purchases",
		"purchases": [{"upc": "4006381333931", "scanned_at": "2026-12-06T14:15:23Z", "unit_price": 6.5, "quantity_purchased": 1}]}`
	if _, err := importer.New(e.store, nil).Import(t.Context(), e.tenant.TenantID, []byte(scans), importer.Options{}); err != nil {
		t.Fatal(err)
	}
	e.gemini.then(calls(call("q", "list_barcode_reviews", nil), call("p", "list_products", map[string]any{"query": "King Arthur bread flour"})),
		func(r sentRequest) answer {
			frs := r.functionResponses()
			if len(frs) != 2 {
				t.Errorf("function responses %+v, want the queue and the products", frs)
				return callsNow()
			}
			var queue tools.ListBarcodeReviewsOutput
			b, _ := json.Marshal(frs[0].Response["output"])
			if err := json.Unmarshal(b, &queue); err != nil || len(queue.Reviews) != 1 {
				t.Errorf("queue %s: %v", b, err)
				return callsNow()
			}
			if !strings.Contains(fmt.Sprint(frs[1].Response["output"]), kingArthur) {
				t.Errorf("list_products answered %v, want the King Arthur flour", frs[1].Response)
			}
			return callsNow(call("m", "resolve_barcode_review", map[string]any{"review_id": queue.Reviews[0].ID, "action": "map", "product": kingArthur}))
		})
	v := decode[captureView](t, e.capture(e.tenant.Token, "that was the King Arthur bread flour"), http.StatusCreated)
	if v.Status != "proposed" || len(v.Proposals) != 1 || v.Proposals[0].Tool != "resolve_barcode_review" || len(v.Proposals[0].Resolved) != 2 {
		t.Fatalf("capture %+v, want resolve_barcode_review after two lookups", v)
	}
	if e.lots() != 0 {
		t.Fatal("the proposal wrote")
	}
	done := e.confirmAll(v)
	var out tools.ResolveBarcodeReviewOutput
	if err := json.Unmarshal(done.Results[0].Result, &out); err != nil || out.ProductID != kingArthur || out.Review.Status != "mapped" {
		t.Errorf("resolved %s (%v), want mapped to the King Arthur flour", done.Results[0].Result, err)
	}
	if e.lots() != 1 {
		t.Errorf("%d lots, want the scanned purchase's one", e.lots())
	}
	pending, _ := e.registry.Call(t.Context(), e.owner(), "list_barcode_reviews", mustJSON(map[string]any{}))
	if n := len(pending.(tools.ListBarcodeReviewsOutput).Reviews); n != 0 {
		t.Errorf("%d reviews still pending", n)
	}
}
