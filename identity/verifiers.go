package identity

import (
	"context"
	"strings"

	"github.com/google/uuid"
)

// PersonVerifier checks an identity provider's token (Firebase).
type PersonVerifier interface {
	VerifyPerson(ctx context.Context, token string) (Person, error)
}

// Verifiers is the server's Verifier: API tokens ("btk_…") are checked by
// Tokens; anything else is an ID token for People (when configured), whose
// person Households resolves to a household. The tenant a request names
// (WithRequestedTenant) must be the API token's own or one of the person's.
type Verifiers struct {
	Tokens     *APITokens
	People     PersonVerifier
	Households *Households
}

// Verify implements Verifier.
func (v *Verifiers) Verify(ctx context.Context, token string) (Identity, error) {
	requested := RequestedTenant(ctx)
	if strings.HasPrefix(token, tokenPrefix) || v.People == nil {
		id, err := v.Tokens.Verify(ctx, token)
		if err == nil && requested != uuid.Nil && requested != id.TenantID {
			// An API token is bound to one tenant; naming another is a mistake
			// worth saying rather than silently acting in the token's.
			return Identity{}, ErrNotMember
		}
		return id, err
	}
	p, err := v.People.VerifyPerson(ctx, token)
	if err != nil {
		return Identity{}, err
	}
	return v.Households.Resolve(ctx, p, requested)
}
