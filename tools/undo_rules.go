package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// The reversal rules of the tools undo covers. Each checks first that
// nothing has built on the write (a lot used or adjusted, an event changed)
// and reverses nothing of a write it cannot reverse whole.

// undoPurchase removes a purchase and its lots while every lot is as
// bought: no use, no adjustment. The product the purchase found or
// created stays.
func undoPurchase(ctx context.Context, q *queries.Queries, id identity.Identity, result json.RawMessage) (UndoOutcome, error) {
	var out AddPurchaseOutput
	if err := json.Unmarshal(result, &out); err != nil {
		return UndoOutcome{}, fmt.Errorf("purchase result: %w", err)
	}
	purchase, err := uuid.Parse(out.PurchaseID)
	if err != nil {
		return UndoOutcome{}, fmt.Errorf("purchase id %q: %w", out.PurchaseID, err)
	}
	lots := make([]uuid.UUID, 0, len(out.PantryItemIDs))
	for _, s := range out.PantryItemIDs {
		lotID, err := uuid.Parse(s)
		if err != nil {
			return UndoOutcome{}, fmt.Errorf("lot id %q: %w", s, err)
		}
		lot, err := q.UndoLotState(ctx, queries.UndoLotStateParams{TenantID: id.TenantID, ID: lotID})
		if errors.Is(err, pgx.ErrNoRows) {
			return notUndone("gone", "pantry lot %s of this purchase no longer exists", s)
		}
		if err != nil {
			return UndoOutcome{}, fmt.Errorf("lot %s: %w", s, err)
		}
		if lot.Adjustments > 0 || !lot.Quantity.Equal(lot.InitialQuantity) {
			return notUndone("used_since", "pantry lot %s of %s has been used or adjusted since (%s of %s left); record the correction with adjust_inventory instead",
				s, out.Product.Name, lot.Quantity, lot.InitialQuantity)
		}
		lots = append(lots, lotID)
	}
	taught, err := q.UndoPurchaseReceipt(ctx, queries.UndoPurchaseReceiptParams{TenantID: id.TenantID, ID: purchase})
	if errors.Is(err, pgx.ErrNoRows) {
		return notUndone("gone", "purchase %s no longer exists", out.PurchaseID)
	}
	if err != nil {
		return UndoOutcome{}, fmt.Errorf("purchase %s: %w", out.PurchaseID, err)
	}
	n, err := q.UndoPurchaseLots(ctx, queries.UndoPurchaseLotsParams{TenantID: id.TenantID, PurchaseID: &purchase})
	if err != nil {
		return UndoOutcome{}, fmt.Errorf("purchase lots: %w", err)
	}
	if n != int64(len(lots)) {
		return notUndone("changed_since", "the purchase now has %d pantry lots, not the %d it made", n, len(lots))
	}
	for _, lotID := range lots {
		if _, err := q.UndoPantryItemDelete(ctx, queries.UndoPantryItemDeleteParams{TenantID: id.TenantID, ID: lotID}); err != nil {
			return UndoOutcome{}, fmt.Errorf("delete lot %s: %w", lotID, err)
		}
	}
	gone, err := q.UndoPurchaseDelete(ctx, queries.UndoPurchaseDeleteParams{TenantID: id.TenantID, ID: purchase})
	if err != nil {
		return UndoOutcome{}, fmt.Errorf("delete purchase: %w", err)
	}
	if gone == 0 {
		return notUndone("gone", "purchase %s no longer exists", out.PurchaseID)
	}
	alias, err := forgetStoreAlias(ctx, q, id.TenantID, taught)
	if err != nil {
		return UndoOutcome{}, err
	}
	return undone("removed the purchase of %s (%s) and its %d %s%s", out.Product.Name, out.PurchaseDate, len(lots), plural(len(lots), "pantry lot", "pantry lots"), alias)
}

// undoAdjustment puts a lot back to what it held before the adjustment,
// while that adjustment is still the lot's last change. The log is
// append-only, so the reversal is a correction entry, not a deletion.
func undoAdjustment(ctx context.Context, q *queries.Queries, id identity.Identity, result json.RawMessage) (UndoOutcome, error) {
	var out AdjustInventoryOutput
	if err := json.Unmarshal(result, &out); err != nil {
		return UndoOutcome{}, fmt.Errorf("adjustment result: %w", err)
	}
	lotID, err := uuid.Parse(out.PantryItemID)
	if err != nil {
		return UndoOutcome{}, fmt.Errorf("lot id %q: %w", out.PantryItemID, err)
	}
	lot, err := q.UndoLotState(ctx, queries.UndoLotStateParams{TenantID: id.TenantID, ID: lotID})
	if errors.Is(err, pgx.ErrNoRows) {
		return notUndone("gone", "pantry lot %s no longer exists", out.PantryItemID)
	}
	if err != nil {
		return UndoOutcome{}, fmt.Errorf("lot %s: %w", out.PantryItemID, err)
	}
	if out.AdjustmentID == "" || lot.LastAdjustmentID.String() != out.AdjustmentID || !lot.Quantity.Equal(out.NewQuantity) {
		return notUndone("changed_since", "pantry lot %s has changed since (%s %s left now); adjust it again instead", out.PantryItemID, lot.Quantity, out.NewUnit)
	}
	change := out.PreviousQuantity.Sub(lot.Quantity)
	if change.IsZero() {
		return undone("the adjustment of lot %s changed nothing; nothing to put back", out.PantryItemID)
	}
	if err := q.PantryItemSetQuantity(ctx, queries.PantryItemSetQuantityParams{TenantID: id.TenantID, ID: lotID, Quantity: out.PreviousQuantity}); err != nil {
		return UndoOutcome{}, fmt.Errorf("restore lot: %w", err)
	}
	notes := "undo of adjustment " + out.AdjustmentID
	if _, err := q.InventoryAdjustmentCreate(ctx, queries.InventoryAdjustmentCreateParams{
		TenantID: id.TenantID, PantryItemID: lotID, QuantityChange: change, QuantityAfter: out.PreviousQuantity,
		Reason: "correction", PercentageRemaining: decimal.NullDecimal{}, Notes: &notes, CreatedBy: pantryUser(id.UserID),
	}); err != nil {
		return UndoOutcome{}, fmt.Errorf("log undo: %w", err)
	}
	return undone("put lot %s back to %s %s", out.PantryItemID, out.PreviousQuantity, out.NewUnit)
}

// undoEvent removes an event (and the recipes planned with it) that has
// not changed since it was made: same recipes, still a draft, never edited.
func undoEvent(ctx context.Context, q *queries.Queries, id identity.Identity, result json.RawMessage) (UndoOutcome, error) {
	var out CreateEventWithRecipesOutput
	if err := json.Unmarshal(result, &out); err != nil {
		return UndoOutcome{}, fmt.Errorf("event result: %w", err)
	}
	eventID, err := uuid.Parse(out.EventID)
	if err != nil {
		return UndoOutcome{}, fmt.Errorf("event id %q: %w", out.EventID, err)
	}
	ev, err := q.UndoEventState(ctx, queries.UndoEventStateParams{TenantID: id.TenantID, ID: eventID})
	if errors.Is(err, pgx.ErrNoRows) {
		return notUndone("gone", "event %q no longer exists", out.EventName)
	}
	if err != nil {
		return UndoOutcome{}, fmt.Errorf("event %s: %w", out.EventID, err)
	}
	if !ev.UpdatedAt.Equal(ev.CreatedAt) || ev.PlanState != "draft" || ev.LaterRecipes > 0 || ev.Recipes != int64(len(out.RecipesAdded)) {
		return notUndone("changed_since", "event %q has been changed since it was made; delete or edit it instead", out.EventName)
	}
	if _, err := q.UndoEventDelete(ctx, queries.UndoEventDeleteParams{TenantID: id.TenantID, ID: eventID}); err != nil {
		return UndoOutcome{}, fmt.Errorf("delete event: %w", err)
	}
	return undone("removed event %q with its %d %s", out.EventName, len(out.RecipesAdded), plural(len(out.RecipesAdded), "planned recipe", "planned recipes"))
}

// undoUsage returns what a usage took to each of its lots, while the
// usage is still every lot's last change. Like an adjustment, it is
// reversed by correction entries: the log is append-only.
func undoUsage(ctx context.Context, q *queries.Queries, id identity.Identity, result json.RawMessage) (UndoOutcome, error) {
	var out RecordUsageOutput
	if err := json.Unmarshal(result, &out); err != nil {
		return UndoOutcome{}, fmt.Errorf("usage result: %w", err)
	}
	for _, tk := range out.Takes {
		if tk.AdjustmentID == "" {
			return notUndone("not_reversible", "this usage was recorded before undo could follow it lot by lot; correct the lots with adjust_inventory instead")
		}
	}
	for _, tk := range out.Takes {
		lotID, err := uuid.Parse(tk.PantryItemID)
		if err != nil {
			return UndoOutcome{}, fmt.Errorf("lot id %q: %w", tk.PantryItemID, err)
		}
		lot, err := q.UndoLotState(ctx, queries.UndoLotStateParams{TenantID: id.TenantID, ID: lotID})
		if errors.Is(err, pgx.ErrNoRows) {
			return notUndone("gone", "pantry lot %s this usage took from no longer exists", tk.PantryItemID)
		}
		if err != nil {
			return UndoOutcome{}, fmt.Errorf("lot %s: %w", tk.PantryItemID, err)
		}
		if lot.LastAdjustmentID.String() != tk.AdjustmentID || !lot.Quantity.Equal(tk.Remaining) {
			return notUndone("used_since", "pantry lot %s of %s has changed since this usage (%s %s left now); record the correction with adjust_inventory instead",
				tk.PantryItemID, out.Ingredient.Name, lot.Quantity, tk.Unit)
		}
	}
	// Every lot checked (and locked) first, so nothing is half returned.
	for _, tk := range out.Takes {
		lotID := uuid.MustParse(tk.PantryItemID)
		back := tk.Remaining.Add(tk.Taken)
		if err := q.PantryItemSetQuantity(ctx, queries.PantryItemSetQuantityParams{TenantID: id.TenantID, ID: lotID, Quantity: back}); err != nil {
			return UndoOutcome{}, fmt.Errorf("restore lot: %w", err)
		}
		notes := "undo of usage " + tk.AdjustmentID
		if _, err := q.InventoryAdjustmentCreate(ctx, queries.InventoryAdjustmentCreateParams{
			TenantID: id.TenantID, PantryItemID: lotID, QuantityChange: tk.Taken, QuantityAfter: back,
			Reason: "correction", Notes: &notes, CreatedBy: pantryUser(id.UserID),
		}); err != nil {
			return UndoOutcome{}, fmt.Errorf("log undo: %w", err)
		}
	}
	return undone("returned %s %s of %s to %d %s", out.Consumed, out.Unit, out.Ingredient.Name, len(out.Takes), plural(len(out.Takes), "pantry lot", "pantry lots"))
}

// undoReview puts a skipped scan back in the queue. A mapped or created
// one recorded a purchase or stock change and taught a product the
// barcode (which it may have known before); that is not taken back here.
func undoReview(ctx context.Context, q *queries.Queries, id identity.Identity, result json.RawMessage) (UndoOutcome, error) {
	var out ResolveBarcodeReviewOutput
	if err := json.Unmarshal(result, &out); err != nil {
		return UndoOutcome{}, fmt.Errorf("review result: %w", err)
	}
	if out.Review.Status != "skipped" {
		return notUndone("not_reversible", "the scan of %s was %s and recorded stock; undo the stock with adjust_inventory and fix the barcode with update_product instead",
			out.Review.RawBarcode, out.Review.Status)
	}
	rid, err := uuid.Parse(out.Review.ID)
	if err != nil {
		return UndoOutcome{}, fmt.Errorf("review id %q: %w", out.Review.ID, err)
	}
	rv, err := q.UndoReviewState(ctx, queries.UndoReviewStateParams{TenantID: id.TenantID, ID: rid})
	if errors.Is(err, pgx.ErrNoRows) {
		return notUndone("gone", "the scan review of %s no longer exists", out.Review.RawBarcode)
	}
	if err != nil {
		return UndoOutcome{}, fmt.Errorf("review %s: %w", out.Review.ID, err)
	}
	if rv.Status != "skipped" {
		return notUndone("changed_since", "the scan review of %s is %s now", out.Review.RawBarcode, rv.Status)
	}
	if _, err := q.UndoReviewReopen(ctx, queries.UndoReviewReopenParams{TenantID: id.TenantID, ID: rid}); err != nil {
		return UndoOutcome{}, fmt.Errorf("reopen review: %w", err)
	}
	return undone("put the scan of %s back in the review queue", out.Review.RawBarcode)
}
