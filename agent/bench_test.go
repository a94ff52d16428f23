package agent_test

import (
	"net/http"
	"testing"
)

// BenchmarkVoicePurchaseCapture is the server's time for one voice-less
// purchase capture (store, one model round trip, save), with the fake
// model answering at once: the cost excluding the model.
func BenchmarkVoicePurchaseCapture(b *testing.B) {
	e := newEnv(b)
	for b.Loop() {
		e.gemini.then(calls(call("c1", "add_purchase", flour)))
		v := decode[captureView](b, e.capture(e.tenant.Token, "two pounds of flour at Costco for eight dollars"), http.StatusCreated)
		if v.Status != "proposed" {
			b.Fatalf("capture %+v", v)
		}
	}
	b.ReportMetric(float64(len(e.gemini.requests()))/float64(b.N), "model_round_trips/op")
}
