package web_test

import (
	"net/http"
	"testing"
)

// TestBarcodeReviewsREST: an unknown phone scan waits in the queue, which
// only its own tenant sees and resolves.
func TestBarcodeReviewsREST(t *testing.T) {
	t.Parallel()
	a, b := newRESTEnv(t), newRESTEnv(t)
	scans := `{"schema_version": "4.0", "import_type": "purchases", "supplier": "Costco",
		"purchases": [{"upc": "016000196100", "scanned_at": "2026-01-06T14:15:23Z", "unit_price": 7.99, "quantity_purchased": 1.0}]}`
	if r := a.upload(a.tenant.Token, scans, nil); r.Status != http.StatusOK {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	type page struct {
		Reviews []struct {
			ID string `json:"id"`
		} `json:"reviews"`
	}
	list := decodeAs[struct {
		Reviews []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		} `json:"reviews"`
	}](t, a.do(http.MethodGet, "/api/barcode_reviews", a.tenant.Token, ""))
	if len(list.Reviews) != 1 || list.Reviews[0].Status != "pending" {
		t.Fatalf("tenant A's queue: %+v, want one pending review", list.Reviews)
	}
	id := list.Reviews[0].ID

	if other := decodeAs[page](t, b.do(http.MethodGet, "/api/barcode_reviews", b.tenant.Token, "")); len(other.Reviews) != 0 {
		t.Errorf("tenant B sees %d of A's reviews", len(other.Reviews))
	}
	if r := b.do(http.MethodPost, "/api/barcode_reviews/"+id+"/resolve", b.tenant.Token, `{"action": "skip"}`); r.Status != http.StatusNotFound {
		t.Errorf("tenant B resolving A's review: %d %s, want 404", r.Status, r.Body)
	}
	if r := a.do(http.MethodPost, "/api/barcode_reviews/"+id+"/resolve", a.tenant.Token, `{"action": "shelve"}`); r.Status != http.StatusBadRequest {
		t.Errorf("unknown action: %d %s, want 400", r.Status, r.Body)
	}
	r := a.do(http.MethodPost, "/api/barcode_reviews/"+id+"/resolve", a.tenant.Token, `{"action": "skip"}`)
	if r.Status != http.StatusOK {
		t.Fatalf("skip: %d %s", r.Status, r.Body)
	}
	done := decodeAs[struct {
		Review struct {
			Status string `json:"status"`
		} `json:"review"`
	}](t, r)
	if done.Review.Status != "skipped" {
		t.Errorf("after skip the review is %q", done.Review.Status)
	}
	if left := decodeAs[page](t, a.do(http.MethodGet, "/api/barcode_reviews", a.tenant.Token, "")); len(left.Reviews) != 0 {
		t.Errorf("%d reviews still pending after skip", len(left.Reviews))
	}
}
