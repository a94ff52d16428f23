package agent

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
)

// UsageView is the tenant's model spend this month (GET /api/usage).
type UsageView struct {
	Month      string `json:"month"`
	Captures   int64  `json:"captures"`
	ModelCalls int64  `json:"model_calls"`
	Prompt     int64  `json:"prompt_tokens"`
	Candidates int64  `json:"candidates_tokens"`
	Total      int64  `json:"total_tokens"`
	// Limit and Remaining are null without AI_MONTHLY_TOKEN_LIMIT.
	Limit     *int64 `json:"limit"`
	Remaining *int64 `json:"remaining"`
}

// month is the household's calendar month at now, in its time zone: the
// period the limit counts, stored as the month's first day.
func month(now time.Time, loc *time.Location) time.Time {
	l := now.In(loc)
	return time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// nextMonth is when the household's next calendar month starts.
func nextMonth(now time.Time, loc *time.Location) time.Time {
	l := now.In(loc)
	return time.Date(l.Year(), l.Month()+1, 1, 0, 0, 0, 0, loc)
}

// QuotaRetryAfter is how long until a spent month's limit resets (the
// household's next month, in its time zone), for a Retry-After header.
func (c *Captures) QuotaRetryAfter(ctx context.Context, id identity.Identity) time.Duration {
	loc := time.UTC
	err := c.store.ReadTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		var err error
		loc, err = tools.TenantLocation(ctx, q, id)
		return err
	})
	if err != nil {
		// The header is advice; a failed read gives the UTC answer.
		c.logger.WarnContext(ctx, "usage: time zone for Retry-After", "tenant", id.TenantID, "error", err)
		loc = time.UTC
	}
	now := c.clock()
	return nextMonth(now, loc).Sub(now)
}

func (c *Captures) clock() time.Time {
	if c.agent != nil {
		return c.agent.now()
	}
	return time.Now()
}

// Usage is the tenant's spend this month against the limit.
func (c *Captures) Usage(ctx context.Context, id identity.Identity) (UsageView, error) {
	var m time.Time
	var row queries.AIUsageMonthRow
	err := c.store.ReadTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		loc, err := tools.TenantLocation(ctx, q, id)
		if err != nil {
			return err
		}
		m = month(c.clock(), loc)
		row, err = q.AIUsageMonth(ctx, queries.AIUsageMonthParams{TenantID: id.TenantID, Month: m})
		return err
	})
	if err != nil {
		return UsageView{}, fmt.Errorf("usage: %w", err)
	}
	v := UsageView{Month: m.Format("2006-01"), Captures: row.Captures, ModelCalls: row.ModelCalls,
		Prompt: row.PromptTokens, Candidates: row.CandidatesTokens, Total: row.TotalTokens}
	if c.agent != nil && c.agent.limit > 0 {
		limit, left := c.agent.limit, max(c.agent.limit-row.TotalTokens, 0)
		v.Limit, v.Remaining = &limit, &left
	}
	return v, nil
}

// withinQuota refuses a model call once the tenant spent its month's
// tokens; everything that does not call the model still works.
func (c *Captures) withinQuota(ctx context.Context, id identity.Identity) error {
	if c.agent == nil || c.agent.limit <= 0 {
		return nil
	}
	u, err := c.Usage(ctx, id)
	if err != nil {
		return err
	}
	if *u.Remaining > 0 {
		return nil
	}
	return &tools.Error{Code: "ai_quota_exhausted", Status: http.StatusTooManyRequests,
		Message: fmt.Sprintf("this household used its %d model tokens for %s; the assistant works again next month, everything else works now", *u.Limit, u.Month)}
}

// saveUsage adds a turn's tokens to the capture and the tenant's month,
// inside the transaction that saves the turn.
func saveUsage(ctx context.Context, q *queries.Queries, id identity.Identity, capture queries.CaptureAddTokensParams, now time.Time, u Usage) error {
	if u.Calls == 0 {
		return nil
	}
	capture.TenantID, capture.PromptTokens, capture.CandidatesTokens, capture.TotalTokens = id.TenantID, u.Prompt, u.Candidates, u.Total
	if err := q.CaptureAddTokens(ctx, capture); err != nil {
		return fmt.Errorf("capture tokens: %w", err)
	}
	loc, err := tools.TenantLocation(ctx, q, id)
	if err != nil {
		return err
	}
	if err := q.AIUsageAdd(ctx, queries.AIUsageAddParams{TenantID: id.TenantID, Month: month(now, loc), ModelCalls: int32(min(u.Calls, 1<<30)), //nolint:gosec // bounded
		PromptTokens: u.Prompt, CandidatesTokens: u.Candidates, TotalTokens: u.Total}); err != nil {
		return fmt.Errorf("tenant usage: %w", err)
	}
	return nil
}

// Tokens is a capture's own spend.
type Tokens struct {
	Prompt     int64 `json:"prompt_tokens"`
	Candidates int64 `json:"candidates_tokens"`
	Total      int64 `json:"total_tokens"`
}
