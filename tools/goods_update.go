package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools/batchplan"
)

// UpdateFinishedGoodInput is update_finished_good's arguments.
type UpdateFinishedGoodInput struct {
	ID             string           `json:"id" jsonschema:"the finished good's id, slug or name"`
	Components     []ComponentInput `json:"components" jsonschema:"the new bill of materials; replaces the old one"`
	IdempotencyKey string           `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying"`
}

// UpdateFinishedGood replaces a finished good's bill of materials. This is
// where a cycle could form (a tin inside a box inside the tin), so the
// whole graph is checked with the new lines before anything is written.
func (t *Tools) UpdateFinishedGood(ctx context.Context, id identity.Identity, in UpdateFinishedGoodInput) (FinishedGoodOut, error) {
	var out FinishedGoodOut
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "update_finished_good", in, func() (FinishedGoodOut, error) {
			if err := lockTenant(ctx, q, id.TenantID, "finished_goods"); err != nil {
				return FinishedGoodOut{}, err
			}
			ref, err := resolveFinishedGood(ctx, q, id.TenantID, "id", in.ID)
			if err != nil {
				return FinishedGoodOut{}, err
			}
			fg, err := q.FinishedGoodLockForUpdate(ctx, queries.FinishedGoodLockForUpdateParams{TenantID: id.TenantID, ID: ref.ID})
			if err != nil {
				return FinishedGoodOut{}, fmt.Errorf("lock finished good: %w", err)
			}
			lines, err := resolveComponents(ctx, q, id.TenantID, "components", in.Components, true)
			if err != nil {
				return FinishedGoodOut{}, err
			}
			if len(lines) == 0 {
				return FinishedGoodOut{}, Invalid("components", "a finished good needs at least one component")
			}
			if fg.AssemblyType == "bare" && (len(lines) != 1 || lines[0].Kind != batchplan.KindUnit) {
				return FinishedGoodOut{}, Invalid("components", "a bare finished good is exactly one finished unit as it is")
			}
			boms, err := loadBOMs(ctx, q, id.TenantID)
			if err != nil {
				return FinishedGoodOut{}, err
			}
			delete(boms, fg.ID.String()) // the old lines go
			plain := make([]batchplan.Line, len(lines))
			names := map[string]string{fg.ID.String(): fg.DisplayName}
			for i, l := range lines {
				plain[i] = l.Line
				names[l.ID] = l.Name
			}
			if p := batchplan.CyclePath(boms, fg.ID.String(), plain); p != nil {
				for i, step := range p {
					if n, ok := names[step]; ok {
						p[i] = n
					}
				}
				return FinishedGoodOut{}, Unprocessable("components", "%s would contain itself (%s)", fg.DisplayName, strings.Join(p, " → "))
			}
			if err := q.FinishedGoodComponentsDelete(ctx, queries.FinishedGoodComponentsDeleteParams{TenantID: id.TenantID, FinishedGoodID: fg.ID}); err != nil {
				return FinishedGoodOut{}, fmt.Errorf("replace components: %w", err)
			}
			out := FinishedGoodOut{ID: fg.ID.String(), Slug: fg.Slug, Name: fg.DisplayName, AssemblyType: fg.AssemblyType, OnHand: fg.InventoryCount, Components: []ComponentOut{}}
			for i, l := range lines {
				if err := insertComponent(ctx, q, id.TenantID, fg.ID, i, l); err != nil {
					return FinishedGoodOut{}, err
				}
				out.Components = append(out.Components, ComponentOut{Kind: l.Kind, ID: l.ID, Slug: l.Slug, Name: l.Name, Quantity: l.Quantity})
			}
			return out, nil
		})
		return err
	})
	return out, err
}

// insertComponent writes one BOM line.
func insertComponent(ctx context.Context, q *queries.Queries, tenant, good uuid.UUID, i int, l resolvedLine) error {
	p := queries.FinishedGoodComponentCreateParams{TenantID: tenant, FinishedGoodID: good, Position: clampInt32(i), Quantity: l.Quantity, Notes: textOrNil(l.Notes)}
	u := uuid.MustParse(l.ID)
	switch l.Kind {
	case batchplan.KindUnit:
		p.FinishedUnitID = &u
	case batchplan.KindGood:
		p.ComponentGoodID = &u
	default:
		p.MaterialID = &u
	}
	if err := q.FinishedGoodComponentCreate(ctx, p); err != nil {
		return fmt.Errorf("finished good component %d: %w", i, err)
	}
	return nil
}
