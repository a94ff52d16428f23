package agent

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"google.golang.org/genai"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
)

// Get returns one of the tenant's captures; another tenant's is not found.
func (c *Captures) Get(ctx context.Context, id identity.Identity, captureID uuid.UUID) (View, error) {
	var row queries.Capture
	var media []queries.CaptureMedium
	err := c.store.ReadTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		var err error
		if row, err = q.CaptureGet(ctx, queries.CaptureGetParams{TenantID: id.TenantID, ID: captureID}); err != nil {
			return err
		}
		media, err = q.CaptureMedia(ctx, queries.CaptureMediaParams{TenantID: id.TenantID, CaptureID: captureID})
		return err
	})
	if err != nil {
		return View{}, notFound(err)
	}
	return view(row, media)
}

// List returns the tenant's latest captures, newest first, without media.
func (c *Captures) List(ctx context.Context, id identity.Identity, limit int32) ([]View, error) {
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	var rows []queries.Capture
	err := c.store.ReadTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		var err error
		rows, err = q.CaptureList(ctx, queries.CaptureListParams{TenantID: id.TenantID, MaxRows: limit})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("captures: list: %w", err)
	}
	out := make([]View, 0, len(rows))
	for _, r := range rows {
		v, err := view(r, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func view(row queries.Capture, media []queries.CaptureMedium) (View, error) {
	v := View{ID: row.ID, Status: row.Status, Detail: row.Detail, Text: row.Text, Reply: row.Reply,
		CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt, Media: []MediaView{},
		Tokens: Tokens{Prompt: row.PromptTokens, Candidates: row.CandidatesTokens, Total: row.TotalTokens}}
	if err := json.Unmarshal(row.Proposals, &v.Proposals); err != nil {
		return View{}, fmt.Errorf("capture %s: proposals: %w", row.ID, err)
	}
	if err := json.Unmarshal(row.History, &v.history); err != nil {
		return View{}, fmt.Errorf("capture %s: history: %w", row.ID, err)
	}
	if len(row.Undo) > 0 {
		if err := json.Unmarshal(row.Undo, &v.Undo); err != nil {
			return View{}, fmt.Errorf("capture %s: undo: %w", row.ID, err)
		}
	}
	if len(row.Results) > 0 {
		if err := json.Unmarshal(row.Results, &v.Results); err != nil {
			return View{}, fmt.Errorf("capture %s: results: %w", row.ID, err)
		}
	}
	for _, m := range media {
		v.Media = append(v.Media, MediaView{Kind: m.Kind, MIMEType: m.MimeType, SHA256: hex.EncodeToString(m.Sha256), Size: m.SizeBytes})
	}
	return v, nil
}

// History is the stored conversation after the first message (tests and
// diagnostics).
func (v View) History() []*genai.Content { return v.history }

func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return tools.NotFound("id", "capture")
	}
	return fmt.Errorf("capture: read: %w", err)
}
