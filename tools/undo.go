package tools

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// A write made on someone's behalf (a confirmed capture) can be taken back
// while nothing has built on it. How each tool's write is reversed is a
// domain rule, so it lives here, next to the tools, and every door that
// offers undo calls Registry.Undo.

// RecordedWrite is one write a door performed through the registry: the
// tool and the result it returned (the ids it created, the values before).
type RecordedWrite struct {
	ID     string          // the door's name for it (a proposal id)
	Tool   string          //
	Result json.RawMessage // the tool's JSON result
}

// UndoOutcome says what undo did to one write, or why it could not.
type UndoOutcome struct {
	ID     string `json:"id"`
	Tool   string `json:"tool"`
	Undone bool   `json:"undone"`
	// Reason is a code when not undone: used_since, changed_since, gone,
	// not_reversible.
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message"`
}

// undoFunc reverses one tool's write inside the transaction q, or says
// why not (notUndone). An error is unexpected and rolls everything back.
type undoFunc func(ctx context.Context, q *queries.Queries, id identity.Identity, result json.RawMessage) (UndoOutcome, error)

// undoers are the tools whose writes can be reversed; any other write is
// reported not_reversible.
var undoers = map[string]undoFunc{ //nolint:gochecknoglobals // the fixed table of reversal rules
	"add_purchase":              undoPurchase,
	"adjust_inventory":          undoAdjustment,
	"create_event_with_recipes": undoEvent,
	"record_usage":              undoUsage,
	"resolve_barcode_review":    undoReview,
	"create_ingredient":         undoIngredient,
	"create_product":            undoProduct,
	"create_supplier":           undoSupplier,
}

func undone(format string, args ...any) (UndoOutcome, error) {
	return UndoOutcome{Undone: true, Message: fmt.Sprintf(format, args...)}, nil
}

func notUndone(reason, format string, args ...any) (UndoOutcome, error) {
	return UndoOutcome{Reason: reason, Message: fmt.Sprintf(format, args...)}, nil
}

// Undo runs fn in one write transaction of the caller's tenant. fn gets
// the transaction (for the door's own bookkeeping, such as locking and
// marking what it undoes) and undo, which reverses one recorded write when
// nothing has built on it since. The caller must be allowed to change data
// with each tool (a read-only token never is).
func (r *Registry) Undo(ctx context.Context, id identity.Identity, fn func(q *queries.Queries, undo func(RecordedWrite) (UndoOutcome, error)) error) error {
	if id.ReadOnly {
		return Forbidden("this token is read-only; undo changes data")
	}
	return r.t.store.InTenant(ctx, id.TenantID, func(q *queries.Queries) error {
		return fn(q, func(w RecordedWrite) (UndoOutcome, error) {
			st, ok := r.Lookup(w.Tool)
			rule := undoers[w.Tool]
			if !ok || rule == nil {
				out, _ := notUndone("not_reversible", "%s cannot be undone here; change it with the tools instead", w.Tool)
				out.ID, out.Tool = w.ID, w.Tool
				return out, nil
			}
			// Taking a write back changes data the way a destructive tool
			// does, with the role the tool itself needs.
			if e := r.t.authorizeCall(ctx, id, Permission{Name: w.Tool, Access: Destructive, Role: st.Role}); e != nil {
				return UndoOutcome{}, e
			}
			out, err := rule(ctx, q, id, w.Result)
			if err != nil {
				return UndoOutcome{}, fmt.Errorf("undo %s %s: %w", w.Tool, w.ID, err)
			}
			out.ID, out.Tool = w.ID, w.Tool
			return out, nil
		})
	})
}
