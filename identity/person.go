package identity

import (
	"context"
	"net/http"

	"github.com/google/uuid"
)

// ProviderFirebase is accounts.provider for Firebase Authentication.
const ProviderFirebase = "firebase"

// TenantHeader names the household a person with several acts in.
const TenantHeader = "BakeTracker-Tenant"

// Person is a verified account of an identity provider: who is calling,
// before any tenant is known.
type Person struct {
	Provider      string
	Subject       string
	Email         string
	EmailVerified bool
	DisplayName   string
	// AccountID is the accounts row, set once the person is resolved.
	AccountID uuid.UUID
}

// Membership is one household of a person: the tenant and their users row
// in it.
type Membership struct {
	TenantID uuid.UUID
	UserID   uuid.UUID
}

// noTenantReason is why Resolve chose no tenant: the code of the 403 that
// every route but GET /api/me and accepting an invitation answers.
func noTenantReason(members int, signupOpen, emailVerified bool) string {
	switch {
	case members > 1:
		return "tenant_required"
	case !signupOpen:
		return "signup_closed"
	case !emailVerified:
		return "email_unverified"
	default:
		return "signup_closed"
	}
}

var noTenantMessages = map[string]string{
	"tenant_required":  "you belong to several households: name one in the " + TenantHeader + " header (GET /api/me lists them)",
	"signup_closed":    "sign-up is by invitation: accept an invitation to join a household",
	"email_unverified": "verify your email address to create a household, or accept an invitation",
}

// NoTenant says, for an identity without a tenant, why and what to do.
func (id Identity) NoTenant() (code, message string) {
	code = id.noTenant
	if code == "" {
		code = "signup_closed"
	}
	return code, noTenantMessages[code]
}

// RuleError is a refusal by one of this package's rules (last owner, used
// invitation, ...). The web layer renders it as its JSON error shape.
type RuleError struct {
	Status  int
	Code    string
	Field   string
	Message string
}

func (e *RuleError) Error() string { return e.Message }

func refuse(status int, code, field, message string) *RuleError {
	return &RuleError{Status: status, Code: code, Field: field, Message: message}
}

func conflict(field, message string) *RuleError {
	return refuse(http.StatusConflict, "conflict", field, message)
}

func notFound(field, what string) *RuleError {
	return refuse(http.StatusNotFound, "not_found", field, what+" not found")
}

type requestedTenantKey struct{}

// WithRequestedTenant returns ctx carrying the tenant the request names
// (the BakeTracker-Tenant header), which Verifiers.Verify honours.
func WithRequestedTenant(ctx context.Context, tenant uuid.UUID) context.Context {
	return context.WithValue(ctx, requestedTenantKey{}, tenant)
}

// RequestedTenant is the tenant the request names, or uuid.Nil.
func RequestedTenant(ctx context.Context) uuid.UUID {
	t, _ := ctx.Value(requestedTenantKey{}).(uuid.UUID)
	return t
}
