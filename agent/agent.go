// Package agent is the Gemini door: a model reads what a person said or
// photographed, looks things up through the registry's read tools and
// proposes the registry's write tools, which run only when the person
// confirms. The Go SDK has no automatic function calling; the loop is here.
package agent

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"google.golang.org/genai"

	"github.com/baketracker/baketracker/tools"
)

// Config is what the agent needs from the environment (read in
// cmd/baketracker/config.go).
type Config struct {
	APIKey string
	// Model defaults to DefaultModel.
	Model string
	// BaseURL points the client at a proxy or a test fake ("": Google).
	BaseURL string
	// Timeout bounds one model request (default 60s).
	Timeout time.Duration
	// Attempts is how many times a request answered 429 or 503 is tried
	// (default 3); RetryDelay is the first wait between them (default 1s).
	Attempts   int
	RetryDelay time.Duration
	// MaxSteps caps model round trips per turn (default 6).
	MaxSteps int
	// MonthlyTokenLimit is AI_MONTHLY_TOKEN_LIMIT: the model tokens a
	// tenant may spend per calendar month (UTC); 0 is no limit.
	MonthlyTokenLimit int64
	// Now is the clock (default time.Now); tests pass their own.
	Now func() time.Time
}

// DefaultModel is the model used when GEMINI_MODEL is not set.
const DefaultModel = "gemini-2.5-flash"

// Agent runs turns of the loop for one registry.
type Agent struct {
	client   *genai.Client
	model    string
	registry *tools.Registry
	maxSteps int
	limit    int64
	now      func() time.Time
}

// New returns the agent, or an error when cfg has no API key.
func New(ctx context.Context, cfg Config, registry *tools.Registry) (*Agent, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("agent: GEMINI_API_KEY is not set")
	}
	if cfg.Model == "" {
		cfg.Model = DefaultModel
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.Attempts <= 0 || cfg.Attempts > 10 {
		cfg.Attempts = 3
	}
	if cfg.RetryDelay <= 0 {
		cfg.RetryDelay = time.Second
	}
	if cfg.MaxSteps <= 0 {
		cfg.MaxSteps = 6
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	attempts, delay := int32(cfg.Attempts), cfg.RetryDelay.Seconds() //nolint:gosec // 1..10 above
	maxDelay := 8 * delay
	client, err := genai.NewClient(ctx, &genai.ClientConfig{
		APIKey:  cfg.APIKey,
		Backend: genai.BackendGeminiAPI,
		HTTPOptions: genai.HTTPOptions{
			BaseURL: cfg.BaseURL,
			// v1beta is where the Gemini API serves parametersJsonSchema; the
			// SDK picks v1 when a base URL is given.
			APIVersion: "v1beta",
			Timeout:    &cfg.Timeout,
			// Only overload answers are retried: a 500 or a 400 would fail
			// again the same way.
			RetryOptions: &genai.HTTPRetryOptions{
				Attempts: &attempts, InitialDelay: &delay, MaxDelay: &maxDelay,
				HTTPStatusCodes: []int32{http.StatusTooManyRequests, http.StatusServiceUnavailable},
			},
		},
	})
	if err != nil {
		return nil, fmt.Errorf("agent: gemini client: %w", err)
	}
	return &Agent{client: client, model: cfg.Model, registry: registry, maxSteps: cfg.MaxSteps, limit: cfg.MonthlyTokenLimit, now: cfg.Now}, nil
}
