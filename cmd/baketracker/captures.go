package main

import (
	"context"
	"fmt"

	"github.com/baketracker/baketracker/agent"
	"github.com/baketracker/baketracker/tools"
)

// captures builds the capture service. Without GEMINI_API_KEY it only
// answers 503 ai_disabled, so it needs no storage; with it, media storage
// (STORAGE_URL or the data folder) must open.
func (e *cmdEnv) captures(ctx context.Context, a *app, reg *tools.Registry) (*agent.Captures, error) {
	if e.cfg.Gemini.APIKey == "" {
		e.logger.Info("GEMINI_API_KEY is not set: captures answer 503 ai_disabled")
		return agent.NewCaptures(a.store, reg, nil, nil, e.logger), nil
	}
	st, err := agent.OpenStorage(e.cfg.StorageURL, e.cfg.DataDir, e.cfg.StorageKeys)
	if err != nil {
		return nil, err
	}
	ag, err := agent.New(ctx, e.cfg.Gemini, reg)
	if err != nil {
		return nil, fmt.Errorf("GEMINI_API_KEY: %w", err)
	}
	return agent.NewCaptures(a.store, reg, ag, st, e.logger), nil
}
