package tools

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools/batchplan"
	"github.com/baketracker/baketracker/units"
)

// Who gets which package at an event, the event's assembly targets, and how
// far along the event is.

// PackageStatuses are a recipient package's statuses in their only order
// (pending → assembled → delivered; never back).
var PackageStatuses = []string{"pending", "assembled", "delivered"} //nolint:gochecknoglobals // a constant list

// nextPackageStatus reports whether a recipient package may go from one
// status to another: forward only, skipping allowed (a box handed over
// straight away was assembled on the spot).
func nextPackageStatus(from, to string) bool {
	return slices.Index(PackageStatuses, to) > slices.Index(PackageStatuses, from)
}

// AssignPackageInput is assign_package's arguments.
type AssignPackageInput struct {
	EventID        string `json:"event_id" jsonschema:"the event (id, slug or name)"`
	Recipient      string `json:"recipient" jsonschema:"the recipient (id or exact name)"`
	Package        string `json:"package" jsonschema:"the package (id, slug or name)"`
	Quantity       *int   `json:"quantity,omitempty" jsonschema:"how many of the package (default 1)"`
	Notes          string `json:"notes,omitempty"`
	IdempotencyKey string `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying"`
}

// RecipientPackageOut is a package assigned to a recipient at an event.
type RecipientPackageOut struct {
	ID            string `json:"id"`
	RecipientID   string `json:"recipient_id"`
	RecipientName string `json:"recipient_name"`
	PackageID     string `json:"package_id"`
	PackageName   string `json:"package_name"`
	Quantity      int32  `json:"quantity"`
	Status        string `json:"status"`
	DeliveredTo   string `json:"delivered_to"`
}

// AssignPackage gives a recipient a package at an event (status pending).
func (t *Tools) AssignPackage(ctx context.Context, id identity.Identity, in AssignPackageInput) (RecipientPackageOut, error) {
	qty := 1
	if in.Quantity != nil {
		qty = *in.Quantity
	}
	if qty < 1 || qty > maxItems {
		return RecipientPackageOut{}, Invalid("quantity", "must be 1 to %d (got %d)", maxItems, qty)
	}
	var out RecipientPackageOut
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "assign_package", in, func() (RecipientPackageOut, error) {
			ev, err := resolveEvent(ctx, q, id.TenantID, in.EventID, true)
			if err != nil {
				return RecipientPackageOut{}, err
			}
			r, err := resolveRecipient(ctx, q, id.TenantID, "recipient", in.Recipient)
			if err != nil {
				return RecipientPackageOut{}, err
			}
			p, err := resolvePackage(ctx, q, id.TenantID, "package", in.Package)
			if err != nil {
				return RecipientPackageOut{}, err
			}
			erp, err := q.RecipientPackageCreate(ctx, queries.RecipientPackageCreateParams{TenantID: id.TenantID, EventID: ev.ID, RecipientID: r.ID,
				PackageID: p.ID, Quantity: clampInt32(qty), Notes: textOrNil(in.Notes)})
			if err != nil {
				return RecipientPackageOut{}, fmt.Errorf("assign package: %w", err)
			}
			return RecipientPackageOut{ID: erp.String(), RecipientID: r.ID.String(), RecipientName: r.Name, PackageID: p.ID.String(),
				PackageName: p.Name, Quantity: clampInt32(qty), Status: "pending"}, nil
		})
		return err
	})
	return out, err
}

// SetPackageStatusInput is set_package_status' arguments.
type SetPackageStatusInput struct {
	ID          string `json:"id" jsonschema:"the recipient package's id (from assign_package or event_progress)"`
	Status      string `json:"status" jsonschema:"assembled or delivered (statuses only move forward)"`
	DeliveredTo string `json:"delivered_to,omitempty" jsonschema:"who took it, when not the recipient"`
}

// SetPackageStatus moves a recipient package forward.
func (t *Tools) SetPackageStatus(ctx context.Context, id identity.Identity, in SetPackageStatusInput) (RecipientPackageOut, error) {
	erpID, err := parseID("id", in.ID)
	if err != nil {
		return RecipientPackageOut{}, err
	}
	status := strings.ToLower(strings.TrimSpace(in.Status))
	if !slices.Contains(PackageStatuses, status) {
		return RecipientPackageOut{}, Invalid("status", "use one of %s (got %q)", strings.Join(PackageStatuses, ", "), in.Status)
	}
	var out RecipientPackageOut
	err = t.write(ctx, id, func(q *queries.Queries) error {
		erp, err := q.RecipientPackageLock(ctx, queries.RecipientPackageLockParams{TenantID: id.TenantID, ID: erpID})
		if errors.Is(err, pgx.ErrNoRows) {
			return NotFound("id", "recipient package "+in.ID)
		}
		if err != nil {
			return fmt.Errorf("recipient package: %w", err)
		}
		if erp.Status != status && !nextPackageStatus(erp.Status, status) {
			return Unprocessable("status", "the package is %s; statuses only move forward (%s)", erp.Status, strings.Join(PackageStatuses, " → "))
		}
		to := erp.DeliveredTo
		if s := strings.TrimSpace(in.DeliveredTo); s != "" {
			to = &s
		}
		if err := q.RecipientPackageSetStatus(ctx, queries.RecipientPackageSetStatusParams{TenantID: id.TenantID, ID: erp.ID, Status: status, DeliveredTo: to}); err != nil {
			return fmt.Errorf("set package status: %w", err)
		}
		out = RecipientPackageOut{ID: erp.ID.String(), RecipientID: erp.RecipientID.String(), PackageID: erp.PackageID.String(),
			Quantity: erp.Quantity, Status: status, DeliveredTo: textOf(to)}
		return nil
	})
	return out, err
}

// SetAssemblyTargetInput is set_assembly_target's arguments.
type SetAssemblyTargetInput struct {
	EventID      string `json:"event_id" jsonschema:"the event (id, slug or name)"`
	FinishedGood string `json:"finished_good" jsonschema:"the finished good (id, slug or name)"`
	Quantity     int    `json:"quantity" jsonschema:"how many to assemble for the event, at least 1"`
}

// SetAssemblyTargetOutput is set_assembly_target's result.
type SetAssemblyTargetOutput struct {
	EventID        string `json:"event_id"`
	FinishedGoodID string `json:"finished_good_id"`
	Quantity       int    `json:"quantity"`
	Message        string `json:"message"`
}

// SetAssemblyTarget sets how many of a finished good an event needs.
func (t *Tools) SetAssemblyTarget(ctx context.Context, id identity.Identity, in SetAssemblyTargetInput) (SetAssemblyTargetOutput, error) {
	if in.Quantity < 1 || in.Quantity > maxItems {
		return SetAssemblyTargetOutput{}, Invalid("quantity", "must be 1 to %d (got %d)", maxItems, in.Quantity)
	}
	var out SetAssemblyTargetOutput
	err := t.write(ctx, id, func(q *queries.Queries) error {
		ev, err := resolveEvent(ctx, q, id.TenantID, in.EventID, true)
		if err != nil {
			return err
		}
		if err := requireDraft(ev); err != nil {
			return err
		}
		fg, err := resolveFinishedGood(ctx, q, id.TenantID, "finished_good", in.FinishedGood)
		if err != nil {
			return err
		}
		if err := q.AssemblyTargetUpsert(ctx, queries.AssemblyTargetUpsertParams{TenantID: id.TenantID, EventID: ev.ID, FinishedGoodID: fg.ID,
			TargetQuantity: clampInt32(in.Quantity)}); err != nil {
			return fmt.Errorf("assembly target: %w", err)
		}
		out = SetAssemblyTargetOutput{EventID: ev.ID.String(), FinishedGoodID: fg.ID.String(), Quantity: in.Quantity,
			Message: fmt.Sprintf("%q will assemble %d %s.", ev.Name, in.Quantity, fg.DisplayName)}
		return nil
	})
	return out, err
}

// EventProgressInput is event_progress' arguments.
type EventProgressInput struct {
	EventID string `json:"event_id" jsonschema:"the event (id, slug or name)"`
}

// RecipeProgressOut is planned against baked for one recipe.
type RecipeProgressOut struct {
	RecipeID       string          `json:"recipe_id"`
	RecipeName     string          `json:"recipe_name"`
	PlannedBatches decimal.Decimal `json:"planned_batches"`
	BakedBatches   decimal.Decimal `json:"baked_batches"`
	PlannedItems   decimal.Decimal `json:"planned_items"`
	BakedItems     int64           `json:"baked_items"`
	LostItems      int64           `json:"lost_items"`
}

// GoodProgressOut is needed against assembled for one finished good.
type GoodProgressOut struct {
	FinishedGoodID string          `json:"finished_good_id"`
	Name           string          `json:"name"`
	Needed         decimal.Decimal `json:"needed"`
	Assembled      int64           `json:"assembled"`
}

// EventProgressOutput is event_progress' result.
type EventProgressOutput struct {
	EventID           string                `json:"event_id"`
	EventName         string                `json:"event_name"`
	PlanState         string                `json:"plan_state"`
	Recipes           []RecipeProgressOut   `json:"recipes"`
	Goods             []GoodProgressOut     `json:"goods"`
	RecipientPackages []RecipientPackageOut `json:"recipient_packages"`
	Packages          map[string]int32      `json:"packages_by_status"`
	Message           string                `json:"message"`
}

// EventProgress compares an event's plan with what was baked, assembled and
// delivered.
func (t *Tools) EventProgress(ctx context.Context, id identity.Identity, in EventProgressInput) (EventProgressOutput, error) {
	var out EventProgressOutput
	err := t.snapshot(ctx, id, func(q *queries.Queries) error {
		ev, err := resolveEvent(ctx, q, id.TenantID, in.EventID, false)
		if err != nil {
			return err
		}
		out = EventProgressOutput{EventID: ev.ID.String(), EventName: ev.Name, PlanState: ev.PlanState, Recipes: []RecipeProgressOut{},
			Goods: []GoodProgressOut{}, RecipientPackages: []RecipientPackageOut{}, Packages: map[string]int32{"pending": 0, "assembled": 0, "delivered": 0}}
		if err := recipeProgress(ctx, q, id.TenantID, ev.ID, &out); err != nil {
			return err
		}
		if err := goodsProgress(ctx, q, id.TenantID, ev.ID, &out); err != nil {
			return err
		}
		erps, err := q.RecipientPackagesOfEvent(ctx, queries.RecipientPackagesOfEventParams{TenantID: id.TenantID, EventID: ev.ID})
		if err != nil {
			return fmt.Errorf("event progress: %w", err)
		}
		for _, e := range erps {
			out.RecipientPackages = append(out.RecipientPackages, RecipientPackageOut{ID: e.ID.String(), RecipientID: e.RecipientID.String(),
				RecipientName: e.RecipientName, PackageID: e.PackageID.String(), PackageName: e.PackageName, Quantity: e.Quantity, Status: e.Status, DeliveredTo: textOf(e.DeliveredTo)})
			out.Packages[e.Status] += e.Quantity
		}
		planned, baked := decimal.Zero, decimal.Zero
		for _, r := range out.Recipes {
			planned, baked = planned.Add(r.PlannedBatches), baked.Add(r.BakedBatches)
		}
		out.Message = fmt.Sprintf("%q (%s): %s of %s planned baked; packages %d pending, %d assembled, %d delivered.", ev.Name, ev.PlanState,
			quantityOf(baked, "batch", "batches"), planned, out.Packages["pending"], out.Packages["assembled"], out.Packages["delivered"])
		return nil
	})
	return out, err
}

// recipeProgress sets the plan's batch decisions (else the event's planned
// recipes) beside the production runs recorded for the event.
func recipeProgress(ctx context.Context, q *queries.Queries, tenant, event uuid.UUID, out *EventProgressOutput) error {
	decisions, err := q.BatchDecisionsOfEvent(ctx, queries.BatchDecisionsOfEventParams{TenantID: tenant, EventID: event})
	if err != nil {
		return fmt.Errorf("event progress: %w", err)
	}
	at := map[uuid.UUID]int{}
	for _, d := range decisions {
		at[d.RecipeID] = len(out.Recipes)
		out.Recipes = append(out.Recipes, RecipeProgressOut{RecipeID: d.RecipeID.String(), RecipeName: d.RecipeName, PlannedBatches: d.Batches,
			BakedBatches: decimal.Zero, PlannedItems: d.NeededItems})
	}
	if len(decisions) == 0 {
		recipes, err := q.EventRecipeList(ctx, queries.EventRecipeListParams{TenantID: tenant, EventID: event})
		if err != nil {
			return fmt.Errorf("event progress: %w", err)
		}
		for _, r := range recipes {
			at[r.RecipeID] = len(out.Recipes)
			out.Recipes = append(out.Recipes, RecipeProgressOut{RecipeID: r.RecipeID.String(), RecipeName: r.Name, PlannedBatches: r.Batches,
				BakedBatches: decimal.Zero, PlannedItems: decimal.Zero})
		}
	}
	runs, err := q.ProductionOfEvent(ctx, queries.ProductionOfEventParams{TenantID: tenant, EventID: &event})
	if err != nil {
		return fmt.Errorf("event progress: %w", err)
	}
	for _, r := range runs {
		i, ok := at[r.RecipeID]
		if !ok {
			i = len(out.Recipes)
			at[r.RecipeID] = i
			out.Recipes = append(out.Recipes, RecipeProgressOut{RecipeID: r.RecipeID.String(), RecipeName: "(not planned)", PlannedBatches: decimal.Zero, PlannedItems: decimal.Zero})
		}
		out.Recipes[i].BakedBatches, out.Recipes[i].BakedItems, out.Recipes[i].LostItems = units.Round(r.Batches), r.Items, r.Lost
	}
	return nil
}

// goodsProgress sets each finished good's need beside what was assembled.
func goodsProgress(ctx context.Context, q *queries.Queries, tenant, event uuid.UUID, out *EventProgressOutput) error {
	demand, _, err := eventGoodsDemand(ctx, q, tenant, event)
	if err != nil {
		return err
	}
	boms, err := loadBOMs(ctx, q, tenant)
	if err != nil {
		return err
	}
	need, err := batchplan.Explode(boms, demand)
	if err != nil {
		return Unprocessable("event_id", "the event's goods cannot be counted: %v", err)
	}
	demand = need.Goods // nested goods are assembled too
	assembled, err := q.AssemblyOfEvent(ctx, queries.AssemblyOfEventParams{TenantID: tenant, EventID: &event})
	if err != nil {
		return fmt.Errorf("event progress: %w", err)
	}
	done := map[string]int64{}
	for _, a := range assembled {
		done[a.FinishedGoodID.String()] = a.Assembled
		if _, ok := demand[a.FinishedGoodID.String()]; !ok {
			demand[a.FinishedGoodID.String()] = decimal.Zero
		}
	}
	goods, err := q.FinishedGoodList(ctx, queries.FinishedGoodListParams{TenantID: tenant})
	if err != nil {
		return fmt.Errorf("event progress: %w", err)
	}
	for _, g := range goods {
		if n, ok := demand[g.ID.String()]; ok {
			out.Goods = append(out.Goods, GoodProgressOut{FinishedGoodID: g.ID.String(), Name: g.DisplayName, Needed: units.Round(n), Assembled: done[g.ID.String()]})
		}
	}
	return nil
}
