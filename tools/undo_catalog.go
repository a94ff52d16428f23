package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// The reversal rules of the catalogue's create tools: what was created is
// deleted while it is as created (never edited) and nothing refers to it,
// counting the references whose foreign key would cascade or set null,
// so a delete never takes anything else with it.

// catalogRow is what undo needs to know of a created row.
type catalogRow struct {
	created, updated time.Time
	uses             int32
}

// undoCreated deletes the row id names (what) while it is untouched.
// extra, when not empty, is a further reason it has changed.
func undoCreated(what, name, rawID string, state func(uuid.UUID) (catalogRow, string, error), del func(uuid.UUID) (int64, error)) (UndoOutcome, error) {
	rowID, err := uuid.Parse(rawID)
	if err != nil {
		return UndoOutcome{}, fmt.Errorf("%s id %q: %w", what, rawID, err)
	}
	row, extra, err := state(rowID)
	if errors.Is(err, pgx.ErrNoRows) {
		return notUndone("gone", "%s %q no longer exists", what, name)
	}
	if err != nil {
		return UndoOutcome{}, fmt.Errorf("%s %s: %w", what, rawID, err)
	}
	if row.uses > 0 {
		return notUndone("used_since", "%s %q is used by %d %s now; it stays", what, name, row.uses, plural(int(row.uses), "record", "records"))
	}
	if !row.updated.Equal(row.created) || extra != "" {
		return notUndone("changed_since", "%s %q has been edited since it was created%s; delete it with the tools if it is not wanted", what, name, extra)
	}
	n, err := del(rowID)
	if err != nil {
		if catalogPgCode(err, "23503") {
			return UndoOutcome{}, Conflict("id", "%s %q is still referred to by something undo does not know of; it stays, and nothing was undone", what, name)
		}
		return UndoOutcome{}, fmt.Errorf("delete %s: %w", what, err)
	}
	if n == 0 {
		return notUndone("gone", "%s %q no longer exists", what, name)
	}
	return undone("deleted %s %q", what, name)
}

func undoIngredient(ctx context.Context, q *queries.Queries, id identity.Identity, result json.RawMessage) (UndoOutcome, error) {
	var out Ingredient
	if err := json.Unmarshal(result, &out); err != nil {
		return UndoOutcome{}, fmt.Errorf("ingredient result: %w", err)
	}
	return undoCreated("ingredient", out.Name, out.ID, func(rowID uuid.UUID) (catalogRow, string, error) {
		st, err := q.UndoIngredientState(ctx, queries.UndoIngredientStateParams{TenantID: id.TenantID, ID: rowID})
		extra := ""
		if err == nil && int(st.Aliases) != len(out.Aliases) {
			extra = fmt.Sprintf(" (it has %d aliases, not the %d it was created with)", st.Aliases, len(out.Aliases))
		}
		return catalogRow{st.CreatedAt, st.UpdatedAt, st.Uses}, extra, err
	}, func(rowID uuid.UUID) (int64, error) {
		return q.UndoIngredientDelete(ctx, queries.UndoIngredientDeleteParams{TenantID: id.TenantID, ID: rowID})
	})
}

func undoProduct(ctx context.Context, q *queries.Queries, id identity.Identity, result json.RawMessage) (UndoOutcome, error) {
	var out Product
	if err := json.Unmarshal(result, &out); err != nil {
		return UndoOutcome{}, fmt.Errorf("product result: %w", err)
	}
	return undoCreated("product", out.Name, out.ID, func(rowID uuid.UUID) (catalogRow, string, error) {
		st, err := q.UndoProductState(ctx, queries.UndoProductStateParams{TenantID: id.TenantID, ID: rowID})
		return catalogRow{st.CreatedAt, st.UpdatedAt, st.Uses}, "", err
	}, func(rowID uuid.UUID) (int64, error) {
		return q.UndoProductDelete(ctx, queries.UndoProductDeleteParams{TenantID: id.TenantID, ID: rowID})
	})
}

func undoSupplier(ctx context.Context, q *queries.Queries, id identity.Identity, result json.RawMessage) (UndoOutcome, error) {
	var out Supplier
	if err := json.Unmarshal(result, &out); err != nil {
		return UndoOutcome{}, fmt.Errorf("supplier result: %w", err)
	}
	return undoCreated("supplier", out.Name, out.ID, func(rowID uuid.UUID) (catalogRow, string, error) {
		st, err := q.UndoSupplierState(ctx, queries.UndoSupplierStateParams{TenantID: id.TenantID, ID: rowID})
		return catalogRow{st.CreatedAt, st.UpdatedAt, st.Uses}, "", err
	}, func(rowID uuid.UUID) (int64, error) {
		return q.UndoSupplierDelete(ctx, queries.UndoSupplierDeleteParams{TenantID: id.TenantID, ID: rowID})
	})
}
