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

// Pick is one proposal the person confirms, optionally with edited
// arguments that replace the proposed ones.
type Pick struct {
	ID        string          `json:"id"`
	Arguments json.RawMessage `json:"arguments,omitempty"`
}

// Result is what one confirmed proposal did.
type Result struct {
	ID     string          `json:"id"`
	Tool   string          `json:"tool"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  *tools.Error    `json:"error,omitempty"`
}

// Confirm runs the picked proposals through the registry with the person's
// identity. Every proposal runs under an idempotency key of its own
// ("capture:<capture>:<proposal>"), claimed inside the tool's write
// transaction: a retried or concurrent confirm waits for the first and gets
// its result, so each proposal writes once. All edits and permissions are
// checked before anything runs. A capture whose proposals all succeeded is
// confirmed and answers every later confirm with the stored results.
func (c *Captures) Confirm(ctx context.Context, id identity.Identity, captureID uuid.UUID, key string, picks []Pick) (View, error) {
	if key == "" {
		return View{}, tools.Invalid("Idempotency-Key", "send an Idempotency-Key header so a retried confirm writes once")
	}
	if len(key) > 200 {
		return View{}, tools.Invalid("Idempotency-Key", "must be at most 200 characters")
	}
	v, err := c.Get(ctx, id, captureID)
	if err != nil {
		return View{}, err
	}
	if v.Status == "confirmed" {
		return v, nil
	}
	if v.Status != "proposed" {
		return View{}, tools.Conflict("status", "this capture is %s; there is nothing to confirm", v.Status)
	}
	calls, e := c.prepare(ctx, id, captureID, v.Proposals, picks)
	if e != nil {
		return View{}, e
	}
	results := make([]Result, len(calls))
	done := true
	for i, call := range calls {
		out, e := c.registry.CallJSON(ctx, id, call.Tool, call.Arguments)
		results[i] = Result{ID: call.ID, Tool: call.Tool, Result: out, Error: e}
		done = done && e == nil
	}
	body, err := json.Marshal(results)
	if err != nil {
		return View{}, fmt.Errorf("capture: results: %w", err)
	}
	status := "proposed" // a failed proposal can be fixed and confirmed again
	if done {
		status = "confirmed"
	}
	err = c.store.InTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		// Each write is recorded with the capture, for undo; a repeated
		// confirm replays the same results and records nothing new.
		for i, r := range results {
			if r.Error != nil {
				continue
			}
			if err := q.CaptureWriteRecord(ctx, queries.CaptureWriteRecordParams{TenantID: id.TenantID, CaptureID: captureID,
				ProposalID: r.ID, Position: int32(i), Tool: r.Tool, Arguments: calls[i].Arguments, Result: r.Result}); err != nil {
				return fmt.Errorf("record write %s: %w", r.ID, err)
			}
		}
		return q.CaptureSaveResults(ctx, queries.CaptureSaveResultsParams{TenantID: id.TenantID, ID: captureID,
			Status: status, Results: body, ConfirmKey: &key})
	})
	if err != nil {
		return View{}, fmt.Errorf("capture: save results: %w", err)
	}
	return c.Get(ctx, id, captureID)
}

// prepare matches picks to proposals, applies edits and checks each call
// against its tool's schema and the caller's permissions.
func (c *Captures) prepare(ctx context.Context, id identity.Identity, captureID uuid.UUID, proposals []Proposal, picks []Pick) ([]Proposal, *tools.Error) {
	if len(picks) == 0 {
		return nil, tools.Invalid("proposals", "pick at least one proposal to confirm")
	}
	byID := map[string]Proposal{}
	for _, p := range proposals {
		byID[p.ID] = p
	}
	seen := map[string]bool{}
	var calls []Proposal
	for i, pick := range picks {
		field := fmt.Sprintf("proposals[%d]", i)
		p, ok := byID[pick.ID]
		if !ok {
			return nil, tools.Invalid(field+".id", "no proposal %q in this capture", pick.ID)
		}
		if seen[pick.ID] {
			return nil, tools.Invalid(field+".id", "proposal %q is picked twice", pick.ID)
		}
		seen[pick.ID] = true
		st, ok := c.registry.Lookup(p.Tool)
		if !ok {
			return nil, tools.Unprocessable(field+".id", "tool %s is not served here", p.Tool)
		}
		args := p.Arguments
		if len(pick.Arguments) > 0 && string(pick.Arguments) != "null" {
			args = pick.Arguments
		}
		args, e := withKey(args, "capture:"+captureID.String()+":"+p.ID)
		if e != nil {
			return nil, prefix(field+".arguments", e)
		}
		if e := tools.CheckArguments(st, args); e != nil {
			return nil, prefix(field+".arguments", e)
		}
		if e := tools.Authorize(id, tools.Permission{Name: st.Tool.Name, Access: st.Access, Role: st.Role}); e != nil {
			// The registry refuses it again before the tool runs, and
			// records the denial as every door's denials are recorded.
			if _, e := c.registry.Call(ctx, id, st.Tool.Name, args); e != nil {
				return nil, e
			}
			return nil, e
		}
		p.Arguments = args
		calls = append(calls, p)
	}
	return calls, nil
}

// withKey sets the proposal's own idempotency key in its arguments.
func withKey(args json.RawMessage, key string) (json.RawMessage, *tools.Error) {
	var m map[string]any
	if err := json.Unmarshal(args, &m); err != nil || m == nil {
		return nil, tools.Invalid("", "must be a JSON object")
	}
	m["idempotency_key"] = key
	out, err := json.Marshal(m)
	if err != nil {
		return nil, tools.Invalid("", "cannot be encoded: %v", err)
	}
	return out, nil
}

func prefix(field string, e *tools.Error) *tools.Error {
	out := *e
	if out.Field == "" || out.Field == "arguments" {
		out.Field = field
	} else {
		out.Field = field + "." + out.Field
	}
	return &out
}

// Discard drops a capture's proposals; nothing is written.
func (c *Captures) Discard(ctx context.Context, id identity.Identity, captureID uuid.UUID) (View, error) {
	if id.ReadOnly {
		return View{}, tools.Forbidden("this token is read-only")
	}
	v, err := c.Get(ctx, id, captureID)
	if err != nil {
		return View{}, err
	}
	if v.Status == "confirmed" || v.Status == "undone" {
		return View{}, tools.Conflict("status", "this capture is already %s", v.Status)
	}
	err = c.store.InTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		return q.CaptureSaveResults(ctx, queries.CaptureSaveResultsParams{TenantID: id.TenantID, ID: captureID, Status: "discarded"})
	})
	if err != nil {
		return View{}, fmt.Errorf("capture: discard: %w", err)
	}
	return c.Get(ctx, id, captureID)
}
