package agent_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/dbtest"
)

// TestCaptureThroughHTTPKeepsItsMediaInS3: with STORAGE_URL pointing at a
// real S3 server (s3rver), POST /api/captures stores the voice note there
// before the model is called; the model fails, retry reads the note back
// from S3 and sends the same bytes, and confirm writes the purchase.
func TestCaptureThroughHTTPKeepsItsMediaInS3(t *testing.T) {
	t.Parallel()
	srv := startS3Server(t)
	media, err := agent.OpenStorage(srv.storageURL("media", "captures"), "", agent.S3Keys{AccessKeyID: s3rverKey, SecretAccessKey: s3rverKey})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvStoring(t, dbtest.Store(t), newFakeGemini(t), media)
	voice := testdata(t, "purchase.ogg")
	e.gemini.then(failing(http.StatusInternalServerError))
	v := decode[captureView](t, e.capture(e.tenant.Token, "", file{"audio", "audio/ogg", voice}), http.StatusCreated)
	if v.Status != "failed" || len(v.Media) != 1 {
		t.Fatalf("capture %+v, want failed with its media kept", v)
	}
	sum := sha256.Sum256(voice)
	if v.Media[0].SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("media %+v, want the note's SHA-256", v.Media[0])
	}

	var stored string
	if err := e.store.InTenantTx(t.Context(), e.tenant.TenantID, func(tx pgx.Tx) error {
		return tx.QueryRow(t.Context(), "SELECT storage_url FROM capture_media WHERE capture_id = $1", v.ID).Scan(&stored)
	}); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("s3://media/captures/%s/%s", e.tenant.TenantID, v.Media[0].SHA256)
	if stored != want {
		t.Errorf("stored at %s, want %s", stored, want)
	}
	// Read from S3 itself, not from anything the server remembers.
	back, err := media.Get(t.Context(), stored)
	if err != nil || sha256.Sum256(back) != sum {
		t.Fatalf("the object in S3: %d bytes, %v; want the uploaded note", len(back), err)
	}

	e.gemini.then(func(r sentRequest) answer {
		blob := r.Contents[0].Parts[0].InlineData
		if blob == nil || blob.MIMEType != "audio/ogg" || sha256.Sum256(blob.Data) != sum {
			t.Errorf("retry sent %+v, want the note read back from S3 as audio/ogg", r.Contents[0].Parts[0])
		}
		return callsNow(call("c1", "add_purchase", flour))
	})
	again := decode[captureView](t, e.do(http.MethodPost, "/api/captures/"+v.ID+"/retry", e.tenant.Token, ""), http.StatusOK)
	if again.Status != "proposed" || len(again.Proposals) != 1 {
		t.Fatalf("retry %+v, want one proposal", again)
	}
	done := decode[captureView](t, e.confirm(e.tenant.Token, v.ID, "s3-1",
		fmt.Sprintf(`{"proposals": [{"id": %q}]}`, again.Proposals[0].ID)), http.StatusOK)
	if done.Status != "confirmed" || len(done.Results) != 1 || done.Results[0].Error != nil || e.lots() != 1 {
		t.Errorf("confirm %+v, want the purchase written once", done)
	}
}
