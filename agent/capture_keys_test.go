package agent_test

import (
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// keyedCapture posts a text capture with an Idempotency-Key, as the phone's
// offline queue does.
func (e *env) keyedCapture(key, text string) resp {
	e.t.Helper()
	var body strings.Builder
	w := multipart.NewWriter(&body)
	_ = w.WriteField("text", text)
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, e.url+"/api/captures", strings.NewReader(body.String()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.tenant.Token)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Idempotency-Key", key)
	return e.send(req)
}

func (e *env) captureCount() int {
	e.t.Helper()
	var n int
	err := e.store.InTenantTx(e.t.Context(), e.tenant.TenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(e.t.Context(), "SELECT count(*) FROM captures").Scan(&n)
	})
	if err != nil {
		e.t.Fatalf("count captures: %v", err)
	}
	return n
}

// TestResentCaptureWithSameKeyIsCreatedOnce: the offline queue resends a
// capture whose answer it never got; the server returns the first capture
// (200) and neither stores nor asks the model again.
func TestResentCaptureWithSameKeyIsCreatedOnce(t *testing.T) {
	e := newEnv(t)
	e.gemini.then(text("Noted."))
	first := decode[captureView](t, e.keyedCapture("device-key-1", "we have eggs"), http.StatusCreated)
	for range 3 {
		again := decode[captureView](t, e.keyedCapture("device-key-1", "we have eggs"), http.StatusOK)
		if again.ID != first.ID {
			t.Fatalf("resend made capture %s, want the first %s", again.ID, first.ID)
		}
	}
	if n := len(e.gemini.requests()); n != 1 {
		t.Errorf("the model was asked %d times, want once", n)
	}
	if n := e.captureCount(); n != 1 {
		t.Errorf("%d captures stored, want 1", n)
	}
	e.gemini.then(text("Noted again."))
	other := decode[captureView](t, e.keyedCapture("device-key-2", "we have eggs"), http.StatusCreated)
	if other.ID == first.ID {
		t.Error("another key returned the first capture")
	}
}

// TestConcurrentResendsWithOneKeyMakeOneCapture: the key is claimed in the
// transaction that makes the capture, so racing resends agree on one.
func TestConcurrentResendsWithOneKeyMakeOneCapture(t *testing.T) {
	e := newEnv(t)
	const n = 6
	for range n {
		e.gemini.then(text("Noted."))
	}
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := e.keyedCapture("racing-key", "two lemons")
			if r.Status != http.StatusCreated && r.Status != http.StatusOK {
				t.Errorf("send %d: %d %s", i, r.Status, r.Body)
				return
			}
			var v captureView
			if err := json.Unmarshal(r.Body, &v); err != nil {
				t.Errorf("send %d: %v", i, err)
			}
			ids[i] = v.ID
		}()
	}
	wg.Wait()
	for i := range ids {
		if ids[i] != ids[0] {
			t.Fatalf("sends got captures %v, want one", ids)
		}
	}
	if c := e.captureCount(); c != 1 {
		t.Errorf("%d captures stored, want 1", c)
	}
}
