package agent

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
)

// Undo takes back the writes a capture's confirm made, in one transaction,
// each by its tool's own reversal rule (tools.Registry.Undo): those that
// nothing has built on since are reversed, the others are reported with
// why not. The capture becomes undone and a second undo answers the same
// outcomes without reversing anything again.
func (c *Captures) Undo(ctx context.Context, id identity.Identity, captureID uuid.UUID) (View, error) {
	err := c.registry.Undo(ctx, id, func(q *queries.Queries, undo func(tools.RecordedWrite) (tools.UndoOutcome, error)) error {
		// The lock makes a concurrent undo wait, then find it undone.
		row, err := q.CaptureLock(ctx, queries.CaptureLockParams{TenantID: id.TenantID, ID: captureID})
		if err != nil {
			return notFound(err)
		}
		if row.Status == "undone" {
			return nil
		}
		writes, err := q.CaptureWrites(ctx, queries.CaptureWritesParams{TenantID: id.TenantID, CaptureID: captureID})
		if err != nil {
			return fmt.Errorf("capture %s: writes: %w", captureID, err)
		}
		if len(writes) == 0 {
			return tools.Conflict("status", "this capture is %s and made no writes; there is nothing to undo", row.Status)
		}
		outcomes := make([]tools.UndoOutcome, 0, len(writes))
		for _, w := range writes {
			o, err := undo(tools.RecordedWrite{ID: w.ProposalID, Tool: w.Tool, Result: w.Result})
			if err != nil {
				return err
			}
			outcomes = append(outcomes, o)
		}
		body, err := json.Marshal(outcomes)
		if err != nil {
			return fmt.Errorf("capture %s: undo outcomes: %w", captureID, err)
		}
		return q.CaptureSaveUndo(ctx, queries.CaptureSaveUndoParams{TenantID: id.TenantID, ID: captureID, Undo: body})
	})
	if err != nil {
		return View{}, err
	}
	return c.Get(ctx, id, captureID)
}
