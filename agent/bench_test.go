package agent_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/baketracker/baketracker/tools"
)

// The server's time per capture with the fake model answering at once:
// the cost excluding the model (storing media, the instruction's time zone
// and learned receipt lines, read tools, saving the turn and the tokens).
// Run: go test -run=XXX -bench . -benchtime 50x ./agent/

// benchFlow runs one capture per iteration, scripting the model with
// script, and reports the model round trips per capture.
func benchFlow(b *testing.B, e *env, text string, files []file, script func() []func(sentRequest) answer) {
	b.Helper()
	start := len(e.gemini.requests())
	for b.Loop() {
		e.gemini.then(script()...)
		v := decode[captureView](b, e.capture(e.tenant.Token, text, files...), http.StatusCreated)
		if v.Status != "proposed" {
			b.Fatalf("capture %+v", v)
		}
	}
	b.ReportMetric(float64(len(e.gemini.requests())-start)/float64(b.N), "model_round_trips/op")
}

// BenchmarkVoicePurchaseCapture: one add_purchase, no lookup.
func BenchmarkVoicePurchaseCapture(b *testing.B) {
	e := newEnv(b)
	benchFlow(b, e, "two pounds of flour at Costco for eight dollars", nil, func() []func(sentRequest) answer {
		return []func(sentRequest) answer{calls(call("c1", "add_purchase", flour))}
	})
}

// BenchmarkReceiptPhotoCapture: a JPEG receipt, three purchases.
func BenchmarkReceiptPhotoCapture(b *testing.B) {
	e := newEnv(b)
	line := func(name string) map[string]any {
		return map[string]any{"item_name": name, "receipt_text": "KS " + name, "quantity": 1, "unit": "each", "price": 9.99, "store": "Costco", "purchase_date": "2026-12-05"}
	}
	receipt := []file{{"image", "image/jpeg", []byte("\xff\xd8\xff receipt")}}
	benchFlow(b, e, "", receipt, func() []func(sentRequest) answer {
		return []func(sentRequest) answer{calls(call("r1", "add_purchase", line("flour")), call("r2", "add_purchase", line("sugar")), call("r3", "add_purchase", line("butter")))}
	})
}

// BenchmarkShelfPhotoCapture: list_pantry runs, then adjust_inventory.
func BenchmarkShelfPhotoCapture(b *testing.B) {
	e := newEnv(b)
	lot := e.seedLot()
	photo := []file{{"image", "image/png", []byte("\x89PNG\r\n\x1a\nshelf")}}
	benchFlow(b, e, "the flour bag is about 40% full", photo, func() []func(sentRequest) answer {
		return []func(sentRequest) answer{calls(call("l", "list_pantry", map[string]any{"ingredient": "flour"})),
			calls(call("a", "adjust_inventory", map[string]any{"pantry_item_id": lot, "percentage_remaining": 40}))}
	})
}

// BenchmarkVoiceEventCapture: one create_event_with_recipes.
func BenchmarkVoiceEventCapture(b *testing.B) {
	e := newEnv(b)
	benchFlow(b, e, "Thanksgiving for 12, cranberry tart and pumpkin pie", nil, func() []func(sentRequest) answer {
		return []func(sentRequest) answer{calls(call("ev", "create_event_with_recipes", map[string]any{"event_name": "Thanksgiving",
			"event_date": "2026-11-26", "guest_count": 12, "recipe_names": []string{"cranberry tart", "pumpkin pie"}}))}
	})
}

// BenchmarkConfirmAndUndo: confirming one purchase proposal, then undoing
// it (no model call in either).
func BenchmarkConfirmAndUndo(b *testing.B) {
	e := newEnv(b)
	for b.Loop() {
		b.StopTimer()
		v := e.proposed(flour)
		b.StartTimer()
		done := decode[captureView](b, e.confirm(e.tenant.Token, v.ID, "k", fmt.Sprintf(`{"proposals": [{"id": %q}]}`, v.Proposals[0].ID)), http.StatusOK)
		var out tools.AddPurchaseOutput
		if done.Status != "confirmed" || json.Unmarshal(done.Results[0].Result, &out) != nil {
			b.Fatalf("confirm %+v", done)
		}
		if u := decode[undoView](b, e.undo(e.tenant.Token, v.ID), http.StatusOK); u.Status != "undone" {
			b.Fatalf("undo %+v", u)
		}
	}
}
