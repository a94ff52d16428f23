package main

import (
	"context"

	"github.com/baketracker/baketracker/identity"
)

// verifier is what serve authenticates with: API tokens always, Firebase ID
// tokens when FIREBASE_PROJECT_ID is set.
func (e *cmdEnv) verifier(ctx context.Context, a *app) (*identity.Verifiers, error) {
	v := &identity.Verifiers{Tokens: a.tokens, Households: identity.NewHouseholds(a.store, e.cfg.SignupOpen)}
	if e.cfg.FirebaseProjectID == "" {
		return v, nil
	}
	fb, err := identity.NewFirebase(ctx, identity.FirebaseConfig{
		ProjectID:       e.cfg.FirebaseProjectID,
		EmulatorHost:    e.cfg.FirebaseEmulatorHost,
		CredentialsFile: e.cfg.GoogleCredentialsFile,
		CredentialsJSON: []byte(e.cfg.FirebaseAdminSDKJSON),
		Logger:          e.logger,
	})
	if err != nil {
		return nil, err
	}
	v.People = fb
	return v, nil
}
