package tools

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// Packaging materials (boxes, bags, ribbon) are counted in one base unit
// each: each, linear_cm or square_cm. Purchases become FIFO lots in that
// unit, which assembly consumes.

// materialUnits are the units a material quantity may be given in, per base
// unit type, with their factor to the base unit.
var materialUnits = map[string]map[string]decimal.Decimal{ //nolint:gochecknoglobals // a constant table
	"each": {"each": decimal.NewFromInt(1), "count": decimal.NewFromInt(1), "piece": decimal.NewFromInt(1), "dozen": decimal.NewFromInt(12)},
	"linear_cm": {"cm": decimal.NewFromInt(1), "mm": decimal.RequireFromString("0.1"), "m": decimal.NewFromInt(100),
		"in": decimal.RequireFromString("2.54"), "ft": decimal.RequireFromString("30.48"), "yd": decimal.RequireFromString("91.44")},
	"square_cm": {"cm2": decimal.NewFromInt(1), "m2": decimal.NewFromInt(10000), "in2": decimal.RequireFromString("6.4516"),
		"ft2": decimal.RequireFromString("929.0304")},
}

// baseUnitOf names the code a base unit type's quantities are shown in.
func baseUnitOf(baseType string) string {
	switch baseType {
	case "linear_cm":
		return "cm"
	case "square_cm":
		return "cm2"
	}
	return "each"
}

// toMaterialBase converts qty in unit to the material's base unit.
func toMaterialBase(field string, qty decimal.Decimal, unit, baseType string) (decimal.Decimal, error) {
	table := materialUnits[baseType]
	code := strings.ToLower(strings.TrimSpace(unit))
	if code == "" {
		code = baseUnitOf(baseType)
	}
	f, ok := table[code]
	if !ok {
		codes := make([]string, 0, len(table))
		for c := range table {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		return decimal.Zero, Invalid(field, "%q is not a unit for a material counted in %s; use one of %s", unit, baseType, strings.Join(codes, ", "))
	}
	return units.Round(qty.Mul(f)), nil
}

// MaterialOut is a packaging material with its stock in its base unit.
type MaterialOut struct {
	ID           string          `json:"id"`
	Slug         string          `json:"slug"`
	Name         string          `json:"name"`
	Category     string          `json:"category"`
	Subcategory  string          `json:"subcategory"`
	BaseUnitType string          `json:"base_unit_type"`
	Unit         string          `json:"unit"`
	OnHand       decimal.Decimal `json:"on_hand"`
}

func materialOut(r queries.MaterialResolveRow) MaterialOut {
	bt := textOf(r.BaseUnitType)
	if bt == "" {
		bt = "each" // imported legacy materials carry no type; boxes and bags are counted
	}
	return MaterialOut{ID: r.ID.String(), Slug: r.Slug, Name: r.Name, Category: textOf(r.Category), Subcategory: textOf(r.Subcategory),
		BaseUnitType: bt, Unit: baseUnitOf(bt), OnHand: units.Round(r.OnHand)}
}

// CreateMaterialInput is create_material's arguments.
type CreateMaterialInput struct {
	Name           string `json:"name" jsonschema:"e.g. Window Box 10x10, Satin Ribbon"`
	BaseUnitType   string `json:"base_unit_type,omitempty" jsonschema:"each (the default), linear_cm (ribbon) or square_cm (wrapping paper)"`
	Category       string `json:"category,omitempty" jsonschema:"e.g. Boxes"`
	Subcategory    string `json:"subcategory,omitempty" jsonschema:"e.g. Window Boxes"`
	Description    string `json:"description,omitempty"`
	IdempotencyKey string `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying"`
}

// CreateMaterial adds a packaging material.
func (t *Tools) CreateMaterial(ctx context.Context, id identity.Identity, in CreateMaterialInput) (MaterialOut, error) {
	name := strings.TrimSpace(in.Name)
	if name == "" || NameTooLong(name) {
		return MaterialOut{}, Invalid("name", "give a name of 1 to %d characters", MaxNameLength)
	}
	bt := strings.ToLower(strings.TrimSpace(in.BaseUnitType))
	if bt == "" {
		bt = "each"
	}
	if _, ok := materialUnits[bt]; !ok {
		return MaterialOut{}, Invalid("base_unit_type", "use each, linear_cm or square_cm (got %q)", in.BaseUnitType)
	}
	var out MaterialOut
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "create_material", in, func() (MaterialOut, error) {
			if err := lockTenant(ctx, q, id.TenantID, "materials"); err != nil {
				return MaterialOut{}, err
			}
			slug, err := UniqueSlug(Slug(name, '_'), '_', func(s string) (bool, error) {
				return q.MaterialSlugExists(ctx, queries.MaterialSlugExistsParams{TenantID: id.TenantID, Slug: s})
			})
			if err != nil {
				return MaterialOut{}, fmt.Errorf("material slug: %w", err)
			}
			mid, err := q.MaterialCreate(ctx, queries.MaterialCreateParams{TenantID: id.TenantID, Slug: slug, Name: name, NameKey: NameKey(name),
				Description: textOrNil(in.Description), Category: textOrNil(in.Category), Subcategory: textOrNil(in.Subcategory), BaseUnitType: &bt})
			if err != nil {
				return MaterialOut{}, fmt.Errorf("create material: %w", err)
			}
			return MaterialOut{ID: mid.String(), Slug: slug, Name: name, Category: strings.TrimSpace(in.Category), Subcategory: strings.TrimSpace(in.Subcategory),
				BaseUnitType: bt, Unit: baseUnitOf(bt), OnHand: decimal.Zero}, nil
		})
		return err
	})
	return out, err
}

// resolveMaterial finds one material by id, slug or name.
func resolveMaterial(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string) (queries.MaterialResolveRow, error) {
	ref = strings.TrimSpace(ref)
	rows, err := q.MaterialResolve(ctx, queries.MaterialResolveParams{TenantID: tenant, RefID: refID(ref), Ref: ref, NameKey: NameKey(ref)})
	if err != nil {
		return queries.MaterialResolveRow{}, fmt.Errorf("resolve material %q: %w", ref, err)
	}
	return pickResolved(rows, field, ref, "material", "list_materials",
		func(r queries.MaterialResolveRow) (uuid.UUID, string, string) { return r.ID, r.Slug, r.Name },
		func(r queries.MaterialResolveRow) string { return textOf(r.Category) + ", slug " + r.Slug })
}

// ListMaterialsInput is list_materials' arguments (none).
type ListMaterialsInput struct{}

// ListMaterialsOutput is list_materials' result.
type ListMaterialsOutput struct {
	Materials []MaterialOut `json:"materials"`
}

// ListMaterials lists packaging materials with their stock.
func (t *Tools) ListMaterials(ctx context.Context, id identity.Identity, _ ListMaterialsInput) (ListMaterialsOutput, error) {
	out := ListMaterialsOutput{Materials: []MaterialOut{}}
	err := t.read(ctx, id, func(q *queries.Queries) error {
		rows, err := q.MaterialList(ctx, queries.MaterialListParams{TenantID: id.TenantID})
		if err != nil {
			return fmt.Errorf("list materials: %w", err)
		}
		for _, r := range rows {
			out.Materials = append(out.Materials, materialOut(queries.MaterialResolveRow(r)))
		}
		return nil
	})
	return out, err
}

// RecordMaterialPurchaseInput is record_material_purchase's arguments.
type RecordMaterialPurchaseInput struct {
	Material        string           `json:"material" jsonschema:"the material's id, slug or name"`
	Packages        decimal.Decimal  `json:"packages" jsonschema:"packages bought, greater than 0"`
	PerPackage      decimal.Decimal  `json:"per_package" jsonschema:"how much one package holds, in unit (25 boxes, 10 m of ribbon)"`
	Unit            string           `json:"unit,omitempty" jsonschema:"unit of per_package: each/dozen; cm, m, in, ft, yd; cm2, m2, in2, ft2 (default the material's base unit)"`
	PricePerPackage *decimal.Decimal `json:"price_per_package,omitempty" jsonschema:"price of one package; unknown when absent"`
	PurchaseDate    string           `json:"purchase_date,omitempty" jsonschema:"YYYY-MM-DD (default today)"`
	Notes           string           `json:"notes,omitempty"`
	IdempotencyKey  string           `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying"`
}

// RecordMaterialPurchaseOutput is record_material_purchase's result.
type RecordMaterialPurchaseOutput struct {
	PurchaseID  string           `json:"purchase_id"`
	LotID       string           `json:"lot_id"`
	Material    MaterialOut      `json:"material"`
	UnitsAdded  decimal.Decimal  `json:"units_added"`
	CostPerUnit *decimal.Decimal `json:"cost_per_unit"`
	Message     string           `json:"message"`
}

// RecordMaterialPurchase records bought packaging as one FIFO lot in the
// material's base unit; unit cost = packages × price ÷ units.
func (t *Tools) RecordMaterialPurchase(ctx context.Context, id identity.Identity, in RecordMaterialPurchaseInput) (RecordMaterialPurchaseOutput, error) {
	if !in.Packages.IsPositive() || in.Packages.GreaterThan(maxBatches) {
		return RecordMaterialPurchaseOutput{}, Invalid("packages", "must be more than 0 and at most %s (got %s)", maxBatches, in.Packages)
	}
	if !in.PerPackage.IsPositive() {
		return RecordMaterialPurchaseOutput{}, Invalid("per_package", "must be more than 0 (got %s)", in.PerPackage)
	}
	if in.PricePerPackage != nil && in.PricePerPackage.IsNegative() {
		return RecordMaterialPurchaseOutput{}, Invalid("price_per_package", "cannot be negative (got %s)", in.PricePerPackage)
	}
	date := time.Now().UTC().Truncate(24 * time.Hour)
	if s := strings.TrimSpace(in.PurchaseDate); s != "" {
		d, err := time.Parse(eventDateLayout, s)
		if err != nil {
			return RecordMaterialPurchaseOutput{}, Invalid("purchase_date", "use YYYY-MM-DD (got %q)", in.PurchaseDate)
		}
		date = d
	}
	var out RecordMaterialPurchaseOutput
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "record_material_purchase", in, func() (RecordMaterialPurchaseOutput, error) {
			m, err := resolveMaterial(ctx, q, id.TenantID, "material", in.Material)
			if err != nil {
				return RecordMaterialPurchaseOutput{}, err
			}
			mo := materialOut(m)
			per, err := toMaterialBase("unit", in.PerPackage, in.Unit, mo.BaseUnitType)
			if err != nil {
				return RecordMaterialPurchaseOutput{}, err
			}
			added := units.Round(per.Mul(in.Packages))
			if !added.IsPositive() {
				return RecordMaterialPurchaseOutput{}, Invalid("per_package", "%s is too small to record", added)
			}
			var price, unitCost decimal.NullDecimal
			if in.PricePerPackage != nil {
				price = decimal.NewNullDecimal(*in.PricePerPackage)
				unitCost = decimal.NewNullDecimal(in.Packages.Mul(*in.PricePerPackage).DivRound(added, 6))
			}
			pid, err := q.MaterialPurchaseCreate(ctx, queries.MaterialPurchaseCreateParams{TenantID: id.TenantID, MaterialID: m.ID, PurchaseDate: date,
				PackagesPurchased: in.Packages, PackagePrice: price, UnitsAdded: added, UnitCost: unitCost, Notes: textOrNil(in.Notes), CreatedBy: pantryUser(id.UserID)})
			if err != nil {
				return RecordMaterialPurchaseOutput{}, fmt.Errorf("material purchase: %w", err)
			}
			lot, err := q.MaterialLotCreate(ctx, queries.MaterialLotCreateParams{TenantID: id.TenantID, MaterialID: m.ID, PurchaseID: &pid,
				Quantity: added, CostPerUnit: unitCost, PurchaseDate: date})
			if err != nil {
				return RecordMaterialPurchaseOutput{}, fmt.Errorf("material lot: %w", err)
			}
			mo.OnHand = units.Round(mo.OnHand.Add(added))
			out := RecordMaterialPurchaseOutput{PurchaseID: pid.String(), LotID: lot.String(), Material: mo, UnitsAdded: added, CostPerUnit: decOrNil(unitCost),
				Message: fmt.Sprintf("Added %s %s of %s; %s on hand.", added, mo.Unit, mo.Name, mo.OnHand)}
			return out, nil
		})
		return err
	})
	return out, err
}
