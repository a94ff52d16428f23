package identity

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/dbtest"
)

// TestSecurityEventsFileInTenant: an event is logged with the request's id
// and address and stored in its tenant; one naming a tenant that does not
// exist (an unverified claim) is logged and quietly stored nowhere.
func TestSecurityEventsFileInTenant(t *testing.T) {
	t.Parallel()
	ctx := WithRequest(t.Context(), Request{ID: "req-\xff-1", ClientAddress: "192.0.2.4"})
	s := dbtest.Store(t)
	var log bytes.Buffer
	ev := NewSecurityEvents(s, slog.New(slog.NewTextHandler(&log, nil)))
	tn := dbtest.NewTenant(t, s)

	ev.Record(ctx, SecurityEvent{Kind: EventTokenCreated, TenantID: tn.ID, UserID: tn.OwnerID, Detail: map[string]any{"token_id": "t1"}})
	ev.Record(ctx, SecurityEvent{Kind: EventAuthFailed, TenantID: uuid.New()})
	ev.Record(ctx, SecurityEvent{Kind: EventAuthFailed})

	rows, err := ev.List(t.Context(), tn.ID, nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Kind != EventTokenCreated || rows[0].UserID == nil || *rows[0].UserID != tn.OwnerID ||
		rows[0].ClientAddress != "192.0.2.4" || rows[0].RequestID != "req--1" || !strings.Contains(string(rows[0].Detail), `"t1"`) {
		t.Fatalf("stored %+v", rows)
	}
	text := log.String()
	if strings.Count(text, "kind=security") != 3 || strings.Contains(text, "store security event") {
		t.Errorf("log:\n%s", text)
	}
}
