package identity

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
)

// Security event kinds. They are the stable names in the log (kind=security,
// event=…) and in the security_events table.
const (
	EventAuthFailed       = "authentication_failed"
	EventSignInLimited    = "sign_in_limited"
	EventForbidden        = "forbidden"
	EventCSRFRefused      = "csrf_refused"
	EventTokenCreated     = "token_created"
	EventTokenRevoked     = "token_revoked"
	EventSessionCreated   = "session_created"
	EventSessionEnded     = "session_ended"
	EventInvitationMisuse = "invitation_misuse"
)

// SecurityEvent is one event. Detail never holds a token, secret or cookie.
type SecurityEvent struct {
	Kind     string
	TenantID uuid.UUID // uuid.Nil when no tenant is known: logged only
	UserID   uuid.UUID
	Detail   map[string]any
}

// Request is what the HTTP edge knows about a request, carried on the
// context so that events recorded deep in a call name it.
type Request struct {
	ID            string
	ClientAddress string
}

type requestKey struct{}

// WithRequest returns ctx carrying r.
func WithRequest(ctx context.Context, r Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom returns the request on ctx (zero when none).
func RequestFrom(ctx context.Context) Request {
	r, _ := ctx.Value(requestKey{}).(Request)
	return r
}

// SecurityEvents writes security events to the log and, when the tenant is
// known, to its security_events table.
type SecurityEvents struct {
	store  *store.Store
	logger *slog.Logger
}

// NewSecurityEvents returns the event recorder.
func NewSecurityEvents(s *store.Store, logger *slog.Logger) *SecurityEvents {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &SecurityEvents{store: s, logger: logger}
}

// Record logs ev and stores it in its tenant. A failure to store is logged,
// not returned: an event must never turn a refusal into a 500.
func (s *SecurityEvents) Record(ctx context.Context, ev SecurityEvent) {
	req := RequestFrom(ctx)
	attrs := []any{"kind", "security", "event", ev.Kind, "request_id", req.ID, "client_address", req.ClientAddress}
	if ev.TenantID != uuid.Nil {
		attrs = append(attrs, "tenant", ev.TenantID)
	}
	if ev.UserID != uuid.Nil {
		attrs = append(attrs, "user", ev.UserID)
	}
	for k, v := range ev.Detail {
		attrs = append(attrs, k, v)
	}
	s.logger.WarnContext(ctx, "security event", attrs...)
	if ev.TenantID == uuid.Nil || s.store == nil {
		return
	}
	detail, err := json.Marshal(ev.Detail)
	if err != nil || ev.Detail == nil {
		detail = []byte("{}")
	}
	var user *uuid.UUID
	if ev.UserID != uuid.Nil {
		user = &ev.UserID
	}
	// The request's own transaction may have been rolled back (a denial)
	// or the client gone: the event still goes in, in its own transaction.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err = s.store.InTenant(ctx, ev.TenantID, func(q *queries.Queries) error {
		return q.SecurityEventInsert(ctx, queries.SecurityEventInsertParams{
			TenantID: ev.TenantID, Kind: ev.Kind, UserID: user, RequestID: clip(req.ID, 200),
			ClientAddress: clip(req.ClientAddress, 100), Detail: detail,
		})
	})
	if err != nil {
		s.logger.ErrorContext(ctx, "store security event", "event", ev.Kind, "tenant", ev.TenantID, "error", err)
	}
}

// List returns the tenant's events, newest first, before the given time
// (nil: from now), at most limit.
func (s *SecurityEvents) List(ctx context.Context, tenant uuid.UUID, before *time.Time, limit int32) ([]queries.SecurityEventListRow, error) {
	var rows []queries.SecurityEventListRow
	err := s.store.ReadTenant(ctx, tenant, func(q *queries.Queries) error {
		var err error
		rows, err = q.SecurityEventList(ctx, queries.SecurityEventListParams{TenantID: tenant, Before: before, MaxRows: limit})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list security events: %w", err)
	}
	return rows, nil
}

// clip bounds header-sourced text to the column's limit, as valid UTF-8.
func clip(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.ToValidUTF8(s, "")
}
