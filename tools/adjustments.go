package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// Every change to a lot after it was bought goes through this file and
// leaves an inventory_adjustments row: the desktop app's percentage and
// direct edits changed quantities silently, and nobody could say later where
// the flour went.

// AdjustInventoryInput sets what is left of one lot.
type AdjustInventoryInput struct {
	PantryItemID        string          `json:"pantry_item_id" jsonschema:"the lot's id (from list_pantry)"`
	PercentageRemaining decimal.Decimal `json:"percentage_remaining" jsonschema:"how full the lot is now, 0-100, as a share of one full package (or of the lot's first amount if larger); 0 empties it"`
	PhotoEvidenceURL    string          `json:"photo_evidence_url,omitempty" jsonschema:"link to the photo the estimate was made from"`
	Correction          bool            `json:"correction,omitempty" jsonschema:"true to allow raising the lot (the recorded amount was wrong); logged as a correction"`
	Notes               string          `json:"notes,omitempty" jsonschema:"why, for the adjustment log"`
	IdempotencyKey      string          `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying so the adjustment is logged once"`
}

// AdjustInventoryOutput is the lot after the adjustment.
type AdjustInventoryOutput struct {
	Success          bool             `json:"success"`
	PantryItemID     string           `json:"pantry_item_id"`
	NewQuantity      decimal.Decimal  `json:"new_quantity"`
	NewUnit          string           `json:"new_unit"`
	Message          string           `json:"message"`
	AdjustmentID     string           `json:"adjustment_id"`
	QuantityChange   decimal.Decimal  `json:"quantity_change"`
	PreviousQuantity decimal.Decimal  `json:"previous_quantity"`
	OriginalQuantity decimal.Decimal  `json:"original_quantity"`
	Cost             *decimal.Decimal `json:"cost"`
}

var hundred = decimal.NewFromInt(100)

// AdjustInventory applies the cloud percentage rule (PercentRemaining,
// docs/domain.md §8): the percentage is of what the lot held when full, one
// package (or the lot's initial quantity if larger), so "30 %" of a 25 lb
// bag is 7.5 lb whatever was recorded before. Stock only goes down this way
// unless correction is set.
func (t *Tools) AdjustInventory(ctx context.Context, id identity.Identity, in AdjustInventoryInput) (AdjustInventoryOutput, error) {
	lotID, err := parseID("pantry_item_id", in.PantryItemID)
	if err != nil {
		return AdjustInventoryOutput{}, err
	}
	pct := in.PercentageRemaining
	if pct.IsNegative() || pct.GreaterThan(hundred) {
		return AdjustInventoryOutput{}, Invalid("percentage_remaining", "must be between 0 and 100, got %s", pct)
	}
	var out AdjustInventoryOutput
	err = t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "adjust_inventory", in, func() (AdjustInventoryOutput, error) {
			return adjustLot(ctx, q, id, lotID, in)
		})
		return err
	})
	if err != nil {
		return AdjustInventoryOutput{}, fmt.Errorf("adjust inventory: %w", err)
	}
	return out, nil
}

func adjustLot(ctx context.Context, q *queries.Queries, id identity.Identity, lotID uuid.UUID, in AdjustInventoryInput) (AdjustInventoryOutput, error) {
	lot, err := q.PantryItemGetForUpdate(ctx, queries.PantryItemGetForUpdateParams{TenantID: id.TenantID, ID: lotID})
	if errors.Is(err, pgx.ErrNoRows) {
		return AdjustInventoryOutput{}, NotFound("pantry_item_id", fmt.Sprintf("pantry item %s (list_pantry shows the lots)", in.PantryItemID))
	}
	if err != nil {
		return AdjustInventoryOutput{}, fmt.Errorf("read lot: %w", err)
	}
	pct := in.PercentageRemaining
	label := productLabel(lot.Brand, lot.ProductName, lot.IngredientName)
	full := PercentReference(lot.InitialQuantity, lot.PackageUnitQuantity)
	target := PercentRemaining(lot.InitialQuantity, lot.PackageUnitQuantity, pct)
	change := target.Sub(lot.Quantity)
	out := AdjustInventoryOutput{
		Success: true, PantryItemID: lot.ID.String(), NewQuantity: target, NewUnit: lot.PackageUnit,
		QuantityChange: change, PreviousQuantity: lot.Quantity, OriginalQuantity: full,
	}
	switch {
	case change.IsZero():
		out.Message = fmt.Sprintf("%s already holds %s %s (%s%% of %s %s); nothing changed.",
			label, target, lot.PackageUnit, pct, full, lot.PackageUnit)
		return out, nil
	case change.IsPositive() && !in.Correction:
		return AdjustInventoryOutput{}, Unprocessable("percentage_remaining",
			"%s%% of %s %s is %s %s, more than the %s %s recorded; adjustments only lower stock — pass correction=true if the recorded amount was wrong, or record_purchase for new stock",
			pct, full, lot.PackageUnit, target, lot.PackageUnit, lot.Quantity, lot.PackageUnit)
	}
	// docs/domain.md §8: the difference between what was recorded and what the
	// baker sees is written as a correction, whichever way it goes; the
	// correction flag only gates increases.
	reason := "correction"
	var cost decimal.NullDecimal
	if lot.UnitCost.Valid {
		cost = decimal.NewNullDecimal(change.Abs().Mul(lot.UnitCost.Decimal).Round(4))
		out.Cost = &cost.Decimal
	}
	if err := q.PantryItemSetQuantity(ctx, queries.PantryItemSetQuantityParams{TenantID: id.TenantID, ID: lot.ID, Quantity: target}); err != nil {
		return AdjustInventoryOutput{}, fmt.Errorf("update lot: %w", err)
	}
	adj, err := q.InventoryAdjustmentCreate(ctx, queries.InventoryAdjustmentCreateParams{
		TenantID: id.TenantID, PantryItemID: lot.ID, QuantityChange: change, QuantityAfter: target,
		Reason: reason, PercentageRemaining: decimal.NewNullDecimal(pct), Cost: cost,
		Notes: textOrNil(strings.TrimSpace(in.Notes)), PhotoEvidenceUrl: textOrNil(strings.TrimSpace(in.PhotoEvidenceURL)),
		CreatedBy: pantryUser(id.UserID),
	})
	if err != nil {
		return AdjustInventoryOutput{}, fmt.Errorf("log adjustment: %w", err)
	}
	out.AdjustmentID = adj.String()
	out.Message = fmt.Sprintf("%s now holds %s %s (%s%% of %s %s), was %s %s; change %s %s logged as %s.",
		label, target, lot.PackageUnit, pct, full, lot.PackageUnit, lot.Quantity, lot.PackageUnit, change, lot.PackageUnit, reason)
	if target.IsZero() {
		out.Message += " The lot is empty."
	}
	return out, nil
}

// RecordUsageInput takes an amount of an ingredient from the pantry.
type RecordUsageInput struct {
	Ingredient     string          `json:"ingredient" jsonschema:"the ingredient: id, slug or name"`
	Quantity       decimal.Decimal `json:"quantity" jsonschema:"how much was used, greater than 0"`
	Unit           string          `json:"unit" jsonschema:"unit of quantity (g, lb, cup, tbsp, each…); converted with the ingredient's density when needed"`
	Reason         string          `json:"reason,omitempty" jsonschema:"production, assembly, spoilage, gift, correction, ad_hoc_usage (default), waste, damaged or other (other needs notes)"`
	Notes          string          `json:"notes,omitempty" jsonschema:"what it was for"`
	IdempotencyKey string          `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying so the usage is recorded once"`
}

// UsageTake is what one lot gave.
type UsageTake struct {
	PantryItemID string           `json:"pantry_item_id"`
	AdjustmentID string           `json:"adjustment_id"`
	Taken        decimal.Decimal  `json:"taken"`
	Unit         string           `json:"unit"`
	Remaining    decimal.Decimal  `json:"remaining"`
	Cost         *decimal.Decimal `json:"cost"`
}

// RecordUsageOutput is the usage, lot by lot.
type RecordUsageOutput struct {
	Ingredient    StockIngredient `json:"ingredient"`
	Consumed      decimal.Decimal `json:"consumed"`
	Shortfall     decimal.Decimal `json:"shortfall"`
	Unit          string          `json:"unit"`
	Cost          decimal.Decimal `json:"cost"`
	CostKnown     bool            `json:"cost_known"`
	Takes         []UsageTake     `json:"takes"`
	Unconvertible []Unconvertible `json:"unconvertible"`
	Message       string          `json:"message"`
	// DensityUsed is the density the amount was converted with when lots
	// are kept in the other kind of unit (cups taken from a lot in grams),
	// and where it came from.
	DensityUsed *DensityUsed `json:"density_used,omitempty"`
}

// RecordUsage takes quantity first-in-first-out across every lot of every
// product of the ingredient, logging one adjustment per lot. It is all or
// nothing: when the pantry holds less than asked, nothing is taken.
func (t *Tools) RecordUsage(ctx context.Context, id identity.Identity, in RecordUsageInput) (RecordUsageOutput, error) {
	if !in.Quantity.IsPositive() {
		return RecordUsageOutput{}, Invalid("quantity", "must be greater than 0, got %s", in.Quantity)
	}
	unit, err := units.Parse(in.Unit)
	if err != nil {
		return RecordUsageOutput{}, Invalid("unit", "%v", err)
	}
	reason := strings.ToLower(strings.TrimSpace(in.Reason))
	if reason == "" {
		reason = "ad_hoc_usage"
	}
	if !IsAdjustmentReason(reason) {
		return RecordUsageOutput{}, Invalid("reason", "unknown reason %q; use one of %s", in.Reason, strings.Join(AdjustmentReasons, ", "))
	}
	notes := strings.TrimSpace(in.Notes)
	if reason == "other" && notes == "" {
		return RecordUsageOutput{}, Invalid("notes", "reason \"other\" needs notes saying what happened")
	}
	var out RecordUsageOutput
	err = t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "record_usage", in, func() (RecordUsageOutput, error) {
			return recordUsage(ctx, q, id, in, unit, reason, notes)
		})
		return err
	})
	if err != nil {
		return RecordUsageOutput{}, fmt.Errorf("record usage: %w", err)
	}
	return out, nil
}

func recordUsage(ctx context.Context, q *queries.Queries, id identity.Identity, in RecordUsageInput, unit units.Unit, reason, notes string) (RecordUsageOutput, error) {
	ing, err := resolveIngredientRef(ctx, q, id.TenantID, "ingredient", in.Ingredient)
	if err != nil {
		return RecordUsageOutput{}, err
	}
	// Locked in FIFO order until commit: a concurrent usage waits, then sees
	// what this one left.
	rows, err := q.PantryItemLockForIngredient(ctx, queries.PantryItemLockForIngredientParams{TenantID: id.TenantID, IngredientID: ing.ID})
	if err != nil {
		return RecordUsageOutput{}, fmt.Errorf("lock lots: %w", err)
	}
	ref, err := ingredientDensityRef(ctx, q, ing)
	if err != nil {
		return RecordUsageOutput{}, err
	}
	density := ref.d
	out := RecordUsageOutput{
		Ingredient: StockIngredient{ID: ing.ID.String(), Slug: ing.Slug, Name: ing.DisplayName},
		Unit:       unit.Code, Cost: decimal.Zero, Takes: []UsageTake{}, Unconvertible: []Unconvertible{},
	}
	var lots []fifoLot
	lotUnits := map[uuid.UUID]string{}
	for _, r := range rows {
		if _, reason := convertLot(r.Quantity, r.PackageUnit, unit, density); reason != "" {
			out.Unconvertible = append(out.Unconvertible, Unconvertible{LotID: r.ID.String(), Quantity: r.Quantity, Unit: r.PackageUnit, Reason: reason})
			continue
		}
		lotUnit, _ := units.Parse(r.PackageUnit) // convertLot parsed it
		lots = append(lots, fifoLot{ID: r.ID, Quantity: r.Quantity, Unit: lotUnit, UnitCost: r.UnitCost})
		lotUnits[r.ID] = lotUnit.Code
	}
	res, err := allocateFIFO(lots, in.Quantity, unit, density)
	if err != nil {
		return RecordUsageOutput{}, fmt.Errorf("allocate: %w", err)
	}
	if res.Shortfall.IsPositive() {
		msg := fmt.Sprintf("only %s %s of %s on hand, %s %s asked; nothing was recorded — use less, or record the purchase first",
			units.Round(res.Consumed), unit.Code, ing.DisplayName, in.Quantity, unit.Code)
		if n := len(out.Unconvertible); n > 0 {
			msg += fmt.Sprintf(" (%d lot(s) could not be counted: %s)", n, out.Unconvertible[0].Reason)
		}
		return RecordUsageOutput{}, Unprocessable("quantity", "%s", msg)
	}
	out.CostKnown = !res.UnknownCost
	out.Consumed, out.Shortfall = units.Round(res.Consumed), decimal.Zero
	for _, tk := range res.Takes {
		if tk.Taken.IsZero() {
			continue
		}
		take := UsageTake{PantryItemID: tk.LotID.String(), Taken: tk.Taken, Unit: lotUnits[tk.LotID], Remaining: tk.Remaining}
		if lu, err := units.Parse(take.Unit); err == nil && out.DensityUsed == nil {
			out.DensityUsed = ref.usedFor(unit, lu)
		}
		var cost decimal.NullDecimal
		if tk.Cost.Valid {
			cost = decimal.NewNullDecimal(tk.Cost.Decimal.Round(4))
			take.Cost = &cost.Decimal
			out.Cost = out.Cost.Add(cost.Decimal)
		}
		if err := q.PantryItemSetQuantity(ctx, queries.PantryItemSetQuantityParams{TenantID: id.TenantID, ID: tk.LotID, Quantity: tk.Remaining}); err != nil {
			return RecordUsageOutput{}, fmt.Errorf("update lot: %w", err)
		}
		logged, err := q.InventoryAdjustmentCreate(ctx, queries.InventoryAdjustmentCreateParams{
			TenantID: id.TenantID, PantryItemID: tk.LotID, QuantityChange: tk.Taken.Neg(), QuantityAfter: tk.Remaining,
			Reason: reason, Cost: cost, Notes: textOrNil(notes), CreatedBy: pantryUser(id.UserID),
		})
		if err != nil {
			return RecordUsageOutput{}, fmt.Errorf("log usage: %w", err)
		}
		take.AdjustmentID = logged.String()
		out.Takes = append(out.Takes, take)
	}
	if len(out.Takes) == 0 {
		// Everything taken rounded to nothing at the lots' 4 decimal places.
		return RecordUsageOutput{}, Invalid("quantity", "%s %s is too small to record against lots kept to 4 decimal places; use a larger amount or a smaller unit", in.Quantity, unit.Code)
	}
	out.Message = fmt.Sprintf("Used %s %s of %s from %d lot(s), oldest first", out.Consumed, unit.Code, ing.DisplayName, len(out.Takes))
	if out.CostKnown {
		out.Message += fmt.Sprintf("; cost %s.", out.Cost)
	} else {
		out.Message += fmt.Sprintf("; known cost %s (some lots have no cost recorded).", out.Cost)
	}
	return out, nil
}
