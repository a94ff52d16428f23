package identity

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	firebase "firebase.google.com/go/v4"
	"firebase.google.com/go/v4/auth"
	"google.golang.org/api/option"
)

// FirebaseConfig is what the Firebase ID token verifier needs.
type FirebaseConfig struct {
	// ProjectID is FIREBASE_PROJECT_ID: tokens must name it as audience and
	// in their issuer.
	ProjectID string
	// EmulatorHost is FIREBASE_AUTH_EMULATOR_HOST. The SDK then skips the
	// signature (the emulator signs nothing), so it is only accepted with a
	// demo-* project, which cannot be a real one.
	EmulatorHost string
	// CredentialsFile (GOOGLE_APPLICATION_CREDENTIALS) or CredentialsJSON
	// (FIREBASE_ADMIN_SDK_JSON) is a service account. With one, every token
	// is also checked for revocation and a disabled user.
	CredentialsFile string
	CredentialsJSON []byte
	Logger          *slog.Logger
}

// emulatorEnv is the variable the SDK itself reads to switch to the emulator.
const emulatorEnv = "FIREBASE_AUTH_EMULATOR_HOST"

var emulatorMu sync.Mutex

// Firebase verifies Firebase ID tokens with the Admin SDK: signature against
// Google's published keys, audience, issuer, expiry, issued-at and auth_time.
type Firebase struct {
	client       *auth.Client
	checkRevoked bool
	logger       *slog.Logger
	now          func() time.Time
}

// NewFirebase returns the verifier for cfg.ProjectID.
func NewFirebase(ctx context.Context, cfg FirebaseConfig) (*Firebase, error) {
	if cfg.ProjectID == "" {
		return nil, errors.New("firebase: FIREBASE_PROJECT_ID is empty")
	}
	if cfg.EmulatorHost != "" && !strings.HasPrefix(cfg.ProjectID, "demo-") {
		return nil, fmt.Errorf("firebase: %s is set but FIREBASE_PROJECT_ID %q is not a demo-* project: the emulator's tokens are unsigned and must never be trusted for a real project", emulatorEnv, cfg.ProjectID)
	}
	// The SDK reads the emulator host from the environment only, when the
	// client is made; set it from cfg under a lock so configuration has one
	// source and two verifiers made at once cannot swap modes.
	emulatorMu.Lock()
	defer emulatorMu.Unlock()
	if err := os.Setenv(emulatorEnv, cfg.EmulatorHost); err != nil {
		return nil, fmt.Errorf("firebase: %w", err)
	}
	var opts []option.ClientOption
	checkRevoked := true
	switch {
	case cfg.EmulatorHost != "":
		opts = append(opts, option.WithoutAuthentication())
	case len(cfg.CredentialsJSON) > 0:
		opts = append(opts, option.WithAuthCredentialsJSON(option.ServiceAccount, cfg.CredentialsJSON))
	case cfg.CredentialsFile != "":
		opts = append(opts, option.WithAuthCredentialsFile(option.ServiceAccount, cfg.CredentialsFile))
	default:
		// Verifying a signature needs only Google's public keys; without a
		// service account there is no revocation check.
		opts = append(opts, option.WithoutAuthentication())
		checkRevoked = false
	}
	app, err := firebase.NewApp(ctx, &firebase.Config{ProjectID: cfg.ProjectID}, opts...)
	if err != nil {
		return nil, fmt.Errorf("firebase: %w", err)
	}
	client, err := app.Auth(ctx)
	if err != nil {
		return nil, fmt.Errorf("firebase auth: %w", err)
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Firebase{client: client, checkRevoked: checkRevoked, logger: logger, now: time.Now}, nil
}

// VerifyPerson checks an ID token and returns who it names. Bad tokens are
// ErrInvalidToken; a failure to reach Google's keys or the user service is
// ErrUnavailable (503), never a 401 that would sign everyone out.
func (f *Firebase) VerifyPerson(ctx context.Context, token string) (Person, error) {
	var t *auth.Token
	var err error
	if f.checkRevoked {
		t, err = f.client.VerifyIDTokenAndCheckRevoked(ctx, token)
	} else {
		t, err = f.client.VerifyIDToken(ctx, token)
	}
	switch {
	case err == nil:
	case auth.IsIDTokenInvalid(err) || auth.IsUserNotFound(err):
		return Person{}, ErrInvalidToken
	default:
		f.logger.ErrorContext(ctx, "firebase token check failed: answering 503", "error", err)
		return Person{}, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	// The SDK does not check auth_time; a sign-in in the future is forged.
	if t.AuthTime == 0 || time.Unix(t.AuthTime, 0).After(f.now().Add(5*time.Minute)) {
		return Person{}, ErrInvalidToken
	}
	p := Person{Provider: ProviderFirebase, Subject: t.UID}
	p.Email, _ = t.Claims["email"].(string)
	p.EmailVerified, _ = t.Claims["email_verified"].(bool)
	p.DisplayName, _ = t.Claims["name"].(string)
	p.Email = strings.ToLower(strings.TrimSpace(p.Email))
	return p, nil
}
