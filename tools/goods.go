package tools

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools/batchplan"
)

// Finished goods are what is handed over: a bare finished unit, or a bundle
// whose bill of materials nests finished units, other finished goods and
// packaging materials. The no-cycle rule lives here (createFinishedGood),
// for every door.

// FinishedUnitStockOut is a recipe's yield with the items made and not yet used.
type FinishedUnitStockOut struct {
	ID            string           `json:"id"`
	Slug          string           `json:"slug"`
	DisplayName   string           `json:"display_name"`
	RecipeID      string           `json:"recipe_id"`
	RecipeName    string           `json:"recipe_name"`
	YieldMode     string           `json:"yield_mode"`
	ItemsPerBatch *decimal.Decimal `json:"items_per_batch,omitempty"`
	ItemUnit      string           `json:"item_unit"`
	OnHand        int32            `json:"on_hand"`
}

// ListFinishedUnitsInput is list_finished_units' arguments.
type ListFinishedUnitsInput struct {
	Recipe string `json:"recipe,omitempty" jsonschema:"only this recipe's yields (id, slug or exact name)"`
}

// ListFinishedUnitsOutput is list_finished_units' result.
type ListFinishedUnitsOutput struct {
	FinishedUnits []FinishedUnitStockOut `json:"finished_units"`
}

// ListFinishedUnits lists yields with their stock.
func (t *Tools) ListFinishedUnits(ctx context.Context, id identity.Identity, in ListFinishedUnitsInput) (ListFinishedUnitsOutput, error) {
	out := ListFinishedUnitsOutput{FinishedUnits: []FinishedUnitStockOut{}}
	err := t.snapshot(ctx, id, func(q *queries.Queries) error {
		var recipe *uuid.UUID
		if strings.TrimSpace(in.Recipe) != "" {
			r, err := resolveRecipe(ctx, q, id.TenantID, "recipe", in.Recipe)
			if err != nil {
				return err
			}
			recipe = &r.ID
		}
		rows, err := q.FinishedUnitList(ctx, queries.FinishedUnitListParams{TenantID: id.TenantID, RecipeID: recipe})
		if err != nil {
			return fmt.Errorf("list finished units: %w", err)
		}
		for _, r := range rows {
			out.FinishedUnits = append(out.FinishedUnits, finishedUnitStock(queries.FinishedUnitResolveRow(r)))
		}
		return nil
	})
	return out, err
}

func finishedUnitStock(r queries.FinishedUnitResolveRow) FinishedUnitStockOut {
	return FinishedUnitStockOut{
		ID: r.ID.String(), Slug: r.Slug, DisplayName: r.DisplayName, RecipeID: r.RecipeID.String(), RecipeName: r.RecipeName,
		YieldMode: textOf(r.YieldMode), ItemsPerBatch: decOrNil(r.ItemsPerBatch), ItemUnit: textOf(r.ItemUnit), OnHand: r.InventoryCount,
	}
}

// resolveFinishedUnit finds one finished unit by id, slug or display name.
func resolveFinishedUnit(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string) (queries.FinishedUnitResolveRow, error) {
	ref = strings.TrimSpace(ref)
	rows, err := q.FinishedUnitResolve(ctx, queries.FinishedUnitResolveParams{TenantID: tenant, RefID: refID(ref), Ref: ref})
	if err != nil {
		return queries.FinishedUnitResolveRow{}, fmt.Errorf("resolve finished unit %q: %w", ref, err)
	}
	return pickResolved(rows, field, ref, "finished unit", "list_finished_units",
		func(r queries.FinishedUnitResolveRow) (uuid.UUID, string, string) { return r.ID, r.Slug, r.DisplayName },
		func(r queries.FinishedUnitResolveRow) string { return r.RecipeName + ", slug " + r.Slug })
}

// refID is ref as an id when it is one.
func refID(ref string) *uuid.UUID {
	if u, err := uuid.Parse(ref); err == nil {
		return &u
	}
	return nil
}

// pickResolved chooses among rows that matched ref by id, slug or name: the
// id match, else the slug match, else the one name match; several names are
// ambiguous (with candidates), none is not found with a hint.
func pickResolved[R any](rows []R, field, ref, kind, hint string, key func(R) (uuid.UUID, string, string), detail func(R) string) (R, error) {
	var zero R
	if ref == "" {
		return zero, Invalid(field, "give the %s's id, slug or name (%s shows them)", kind, hint)
	}
	u := refID(ref)
	for _, r := range rows {
		if id, _, _ := key(r); u != nil && id == *u {
			return r, nil
		}
	}
	for _, r := range rows {
		if _, slug, _ := key(r); slug == ref {
			return r, nil
		}
	}
	switch len(rows) {
	case 0:
		e := NotFound(field, fmt.Sprintf("%s %q", kind, ref))
		e.Message += "; " + hint + " shows them"
		return zero, e
	case 1:
		return rows[0], nil
	}
	cands := make([]Candidate, 0, len(rows))
	for _, r := range rows {
		id, _, name := key(r)
		cands = append(cands, Candidate{ID: id.String(), Name: name, Kind: strings.ReplaceAll(kind, " ", "_"), Detail: detail(r), Similarity: 1})
	}
	return zero, Ambiguous(field, ref, cands)
}

// ComponentInput is one line of a bill of materials: exactly one of
// finished_unit, finished_good, material.
type ComponentInput struct {
	FinishedUnit string          `json:"finished_unit,omitempty" jsonschema:"a finished unit (id, slug or name), counted in items"`
	FinishedGood string          `json:"finished_good,omitempty" jsonschema:"another finished good (id, slug or name), counted in items"`
	Material     string          `json:"material,omitempty" jsonschema:"a packaging material (id, slug or name), in its base unit (each, cm or cm²)"`
	Quantity     decimal.Decimal `json:"quantity" jsonschema:"how many, greater than 0"`
	Notes        string          `json:"notes,omitempty"`
}

// ComponentOut is one BOM line as stored.
type ComponentOut struct {
	Kind     string          `json:"kind"`
	ID       string          `json:"id"`
	Slug     string          `json:"slug"`
	Name     string          `json:"name"`
	Quantity decimal.Decimal `json:"quantity"`
}

// CreateFinishedGoodInput is create_finished_good's arguments.
type CreateFinishedGoodInput struct {
	Name                  string           `json:"name" jsonschema:"what is handed over, e.g. Cookie Tin"`
	AssemblyType          string           `json:"assembly_type,omitempty" jsonschema:"bare (one finished unit as it is) or bundle (the default)"`
	Components            []ComponentInput `json:"components" jsonschema:"the bill of materials; a bare good has exactly one finished unit"`
	PackagingInstructions string           `json:"packaging_instructions,omitempty"`
	Notes                 string           `json:"notes,omitempty"`
	IdempotencyKey        string           `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying"`
}

// FinishedGoodOut is a finished good with its bill of materials.
type FinishedGoodOut struct {
	ID           string         `json:"id"`
	Slug         string         `json:"slug"`
	Name         string         `json:"name"`
	AssemblyType string         `json:"assembly_type"`
	OnHand       int32          `json:"on_hand"`
	Components   []ComponentOut `json:"components"`
}

const maxComponents = 100

// resolvedLine is a component after its reference was resolved.
type resolvedLine struct {
	batchplan.Line
	Slug, Name string
	Notes      string
}

// resolveComponents resolves BOM lines; allowUnit is false for packages,
// which hold finished goods and materials only.
func resolveComponents(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field string, in []ComponentInput, allowUnit bool) ([]resolvedLine, error) {
	if len(in) > maxComponents {
		return nil, Invalid(field, "at most %d lines (got %d)", maxComponents, len(in))
	}
	out := make([]resolvedLine, 0, len(in))
	for i, c := range in {
		f := fmt.Sprintf("%s[%d]", field, i)
		if !c.Quantity.IsPositive() || !c.Quantity.Equal(c.Quantity.Round(4)) {
			return nil, Invalid(f+".quantity", "must be greater than 0 with up to 4 decimal places (got %s)", c.Quantity)
		}
		set := 0
		for _, s := range []string{c.FinishedUnit, c.FinishedGood, c.Material} {
			if strings.TrimSpace(s) != "" {
				set++
			}
		}
		want := "finished_good or material"
		if allowUnit {
			want = "finished_unit, finished_good or material"
		}
		if set != 1 || (!allowUnit && c.FinishedUnit != "") {
			return nil, Invalid(f, "give exactly one of %s", want)
		}
		l := resolvedLine{Line: batchplan.Line{Quantity: c.Quantity}, Notes: strings.TrimSpace(c.Notes)}
		switch {
		case c.FinishedUnit != "":
			r, err := resolveFinishedUnit(ctx, q, tenant, f+".finished_unit", c.FinishedUnit)
			if err != nil {
				return nil, err
			}
			l.Kind, l.ID, l.Slug, l.Name = batchplan.KindUnit, r.ID.String(), r.Slug, r.DisplayName
		case c.FinishedGood != "":
			r, err := resolveFinishedGood(ctx, q, tenant, f+".finished_good", c.FinishedGood)
			if err != nil {
				return nil, err
			}
			l.Kind, l.ID, l.Slug, l.Name = batchplan.KindGood, r.ID.String(), r.Slug, r.DisplayName
		default:
			r, err := resolveMaterial(ctx, q, tenant, f+".material", c.Material)
			if err != nil {
				return nil, err
			}
			l.Kind, l.ID, l.Slug, l.Name = batchplan.KindMaterial, r.ID.String(), r.Slug, r.Name
		}
		out = append(out, l)
	}
	return out, nil
}

// CreateFinishedGood adds a finished good and its bill of materials, refusing
// a bill that would make the good contain itself.
func (t *Tools) CreateFinishedGood(ctx context.Context, id identity.Identity, in CreateFinishedGoodInput) (FinishedGoodOut, error) {
	name := strings.TrimSpace(in.Name)
	if name == "" || NameTooLong(name) {
		return FinishedGoodOut{}, Invalid("name", "give a name of 1 to %d characters", MaxNameLength)
	}
	kind := strings.ToLower(strings.TrimSpace(in.AssemblyType))
	if kind == "" {
		kind = "bundle"
	}
	if kind != "bare" && kind != "bundle" {
		return FinishedGoodOut{}, Invalid("assembly_type", "use bare or bundle (got %q)", in.AssemblyType)
	}
	var out FinishedGoodOut
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "create_finished_good", in, func() (FinishedGoodOut, error) {
			return createFinishedGood(ctx, q, id.TenantID, name, kind, in)
		})
		return err
	})
	return out, err
}

func createFinishedGood(ctx context.Context, q *queries.Queries, tenant uuid.UUID, name, kind string, in CreateFinishedGoodInput) (FinishedGoodOut, error) {
	if err := lockTenant(ctx, q, tenant, "finished_goods"); err != nil {
		return FinishedGoodOut{}, err
	}
	lines, err := resolveComponents(ctx, q, tenant, "components", in.Components, true)
	if err != nil {
		return FinishedGoodOut{}, err
	}
	if len(lines) == 0 {
		return FinishedGoodOut{}, Invalid("components", "a finished good needs at least one component")
	}
	if kind == "bare" && (len(lines) != 1 || lines[0].Kind != batchplan.KindUnit) {
		return FinishedGoodOut{}, Invalid("components", "a bare finished good is exactly one finished unit as it is; use assembly_type bundle for more")
	}
	slug, err := UniqueSlug(Slug(name, '-'), '-', func(s string) (bool, error) {
		return q.FinishedGoodSlugExists(ctx, queries.FinishedGoodSlugExistsParams{TenantID: tenant, Slug: s})
	})
	if err != nil {
		return FinishedGoodOut{}, fmt.Errorf("finished good slug: %w", err)
	}
	row, err := q.FinishedGoodCreate(ctx, queries.FinishedGoodCreateParams{
		TenantID: tenant, Slug: slug, DisplayName: name, NameKey: NameKey(name), AssemblyType: kind,
		PackagingInstructions: textOrNil(in.PackagingInstructions), Notes: textOrNil(in.Notes),
	})
	if err != nil {
		return FinishedGoodOut{}, fmt.Errorf("create finished good: %w", err)
	}
	// A new good cannot be inside anything yet, so no cycle can form here;
	// the check is the same one update_finished_good makes.
	boms, err := loadBOMs(ctx, q, tenant)
	if err != nil {
		return FinishedGoodOut{}, err
	}
	plain := make([]batchplan.Line, len(lines))
	for i, l := range lines {
		plain[i] = l.Line
	}
	if p := batchplan.CyclePath(boms, row.ID.String(), plain); p != nil {
		return FinishedGoodOut{}, Unprocessable("components", "%s would contain itself (%s)", name, strings.Join(p, " → "))
	}
	out := FinishedGoodOut{ID: row.ID.String(), Slug: slug, Name: name, AssemblyType: kind, Components: []ComponentOut{}}
	for i, l := range lines {
		if err := insertComponent(ctx, q, tenant, row.ID, i, l); err != nil {
			return FinishedGoodOut{}, err
		}
		out.Components = append(out.Components, ComponentOut{Kind: l.Kind, ID: l.ID, Slug: l.Slug, Name: l.Name, Quantity: l.Quantity})
	}
	return out, nil
}

// loadBOMs reads every finished good's bill of materials.
func loadBOMs(ctx context.Context, q *queries.Queries, tenant uuid.UUID) (batchplan.BOMs, error) {
	rows, err := q.FinishedGoodComponentsAll(ctx, queries.FinishedGoodComponentsAllParams{TenantID: tenant})
	if err != nil {
		return nil, fmt.Errorf("bills of materials: %w", err)
	}
	boms := batchplan.BOMs{}
	for _, r := range rows {
		boms[r.FinishedGoodID.String()] = append(boms[r.FinishedGoodID.String()], bomLine(r))
	}
	return boms, nil
}

func bomLine(r queries.FinishedGoodComponentsAllRow) batchplan.Line {
	switch {
	case r.FinishedUnitID != nil:
		return batchplan.Line{Kind: batchplan.KindUnit, ID: r.FinishedUnitID.String(), Quantity: r.Quantity}
	case r.ComponentGoodID != nil:
		return batchplan.Line{Kind: batchplan.KindGood, ID: r.ComponentGoodID.String(), Quantity: r.Quantity}
	}
	return batchplan.Line{Kind: batchplan.KindMaterial, ID: r.MaterialID.String(), Quantity: r.Quantity}
}

// resolveFinishedGood finds one finished good by id, slug or name.
func resolveFinishedGood(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string) (queries.FinishedGoodResolveRow, error) {
	ref = strings.TrimSpace(ref)
	rows, err := q.FinishedGoodResolve(ctx, queries.FinishedGoodResolveParams{TenantID: tenant, RefID: refID(ref), Ref: ref, NameKey: NameKey(ref)})
	if err != nil {
		return queries.FinishedGoodResolveRow{}, fmt.Errorf("resolve finished good %q: %w", ref, err)
	}
	return pickResolved(rows, field, ref, "finished good", "list_finished_goods",
		func(r queries.FinishedGoodResolveRow) (uuid.UUID, string, string) { return r.ID, r.Slug, r.DisplayName },
		func(r queries.FinishedGoodResolveRow) string { return r.AssemblyType + ", slug " + r.Slug })
}

// ListFinishedGoodsInput is list_finished_goods' arguments (none).
type ListFinishedGoodsInput struct{}

// ListFinishedGoodsOutput is list_finished_goods' result.
type ListFinishedGoodsOutput struct {
	FinishedGoods []FinishedGoodOut `json:"finished_goods"`
}

// ListFinishedGoods lists finished goods with their bills of materials.
func (t *Tools) ListFinishedGoods(ctx context.Context, id identity.Identity, _ ListFinishedGoodsInput) (ListFinishedGoodsOutput, error) {
	out := ListFinishedGoodsOutput{FinishedGoods: []FinishedGoodOut{}}
	err := t.snapshot(ctx, id, func(q *queries.Queries) error {
		goods, err := q.FinishedGoodList(ctx, queries.FinishedGoodListParams{TenantID: id.TenantID})
		if err != nil {
			return fmt.Errorf("list finished goods: %w", err)
		}
		comps, err := q.FinishedGoodComponentsAll(ctx, queries.FinishedGoodComponentsAllParams{TenantID: id.TenantID})
		if err != nil {
			return fmt.Errorf("list finished goods: %w", err)
		}
		byGood := map[uuid.UUID][]ComponentOut{}
		for _, c := range comps {
			l := bomLine(c)
			byGood[c.FinishedGoodID] = append(byGood[c.FinishedGoodID], ComponentOut{Kind: l.Kind, ID: l.ID, Slug: c.ComponentSlug, Name: c.ComponentName, Quantity: c.Quantity})
		}
		for _, g := range goods {
			cs := byGood[g.ID]
			if cs == nil {
				cs = []ComponentOut{}
			}
			out.FinishedGoods = append(out.FinishedGoods, FinishedGoodOut{ID: g.ID.String(), Slug: g.Slug, Name: g.DisplayName,
				AssemblyType: g.AssemblyType, OnHand: g.InventoryCount, Components: cs})
		}
		return nil
	})
	return out, err
}
