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

// Packages are gift boxes: finished goods plus the packaging the box itself
// takes. Recipients are the people they go to.

// CreatePackageInput is create_package's arguments.
type CreatePackageInput struct {
	Name           string           `json:"name" jsonschema:"e.g. Holiday Gift Box"`
	Contents       []ComponentInput `json:"contents" jsonschema:"finished goods in the box and the packaging materials it takes (finished_good or material per line)"`
	IsTemplate     bool             `json:"is_template,omitempty" jsonschema:"a reusable template rather than one box"`
	Description    string           `json:"description,omitempty"`
	Notes          string           `json:"notes,omitempty"`
	IdempotencyKey string           `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying"`
}

// PackageOut is a package with its contents.
type PackageOut struct {
	ID         string         `json:"id"`
	Slug       string         `json:"slug"`
	Name       string         `json:"name"`
	IsTemplate bool           `json:"is_template"`
	Contents   []ComponentOut `json:"contents"`
}

// CreatePackage adds a gift package and its contents.
func (t *Tools) CreatePackage(ctx context.Context, id identity.Identity, in CreatePackageInput) (PackageOut, error) {
	name := strings.TrimSpace(in.Name)
	if name == "" || NameTooLong(name) {
		return PackageOut{}, Invalid("name", "give a name of 1 to %d characters", MaxNameLength)
	}
	var out PackageOut
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "create_package", in, func() (PackageOut, error) {
			if err := lockTenant(ctx, q, id.TenantID, "packages"); err != nil {
				return PackageOut{}, err
			}
			lines, err := resolveComponents(ctx, q, id.TenantID, "contents", in.Contents, false)
			if err != nil {
				return PackageOut{}, err
			}
			if len(lines) == 0 {
				return PackageOut{}, Invalid("contents", "a package needs at least one finished good or material")
			}
			slug, err := UniqueSlug(Slug(name, '-'), '-', func(s string) (bool, error) {
				return q.PackageSlugExists(ctx, queries.PackageSlugExistsParams{TenantID: id.TenantID, Slug: s})
			})
			if err != nil {
				return PackageOut{}, fmt.Errorf("package slug: %w", err)
			}
			pid, err := q.PackageCreate(ctx, queries.PackageCreateParams{TenantID: id.TenantID, Slug: slug, Name: name, NameKey: NameKey(name),
				IsTemplate: in.IsTemplate, Description: textOrNil(in.Description), Notes: textOrNil(in.Notes)})
			if err != nil {
				return PackageOut{}, fmt.Errorf("create package: %w", err)
			}
			out := PackageOut{ID: pid.String(), Slug: slug, Name: name, IsTemplate: in.IsTemplate, Contents: []ComponentOut{}}
			for i, l := range lines {
				u := uuid.MustParse(l.ID)
				p := queries.PackageContentCreateParams{TenantID: id.TenantID, PackageID: pid, Position: clampInt32(i), Quantity: l.Quantity, Notes: textOrNil(l.Notes)}
				if l.Kind == batchplan.KindGood {
					p.FinishedGoodID = &u
				} else {
					p.MaterialID = &u
				}
				if err := q.PackageContentCreate(ctx, p); err != nil {
					return PackageOut{}, fmt.Errorf("package content %d: %w", i, err)
				}
				out.Contents = append(out.Contents, ComponentOut{Kind: l.Kind, ID: l.ID, Slug: l.Slug, Name: l.Name, Quantity: l.Quantity})
			}
			return out, nil
		})
		return err
	})
	return out, err
}

// resolvePackage finds one package by id, slug or name.
func resolvePackage(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string) (queries.PackageResolveRow, error) {
	ref = strings.TrimSpace(ref)
	rows, err := q.PackageResolve(ctx, queries.PackageResolveParams{TenantID: tenant, RefID: refID(ref), Ref: ref, NameKey: NameKey(ref)})
	if err != nil {
		return queries.PackageResolveRow{}, fmt.Errorf("resolve package %q: %w", ref, err)
	}
	return pickResolved(rows, field, ref, "package", "list_packages",
		func(r queries.PackageResolveRow) (uuid.UUID, string, string) { return r.ID, r.Slug, r.Name },
		func(r queries.PackageResolveRow) string { return "slug " + r.Slug })
}

// packageContents reads the contents of packages, keyed by package.
func packageContents(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ids []uuid.UUID) (map[uuid.UUID][]queries.PackageContentsOfRow, error) {
	rows, err := q.PackageContentsOf(ctx, queries.PackageContentsOfParams{TenantID: tenant, PackageIds: ids})
	if err != nil {
		return nil, fmt.Errorf("package contents: %w", err)
	}
	out := map[uuid.UUID][]queries.PackageContentsOfRow{}
	for _, r := range rows {
		out[r.PackageID] = append(out[r.PackageID], r)
	}
	return out, nil
}

func contentLine(r queries.PackageContentsOfRow) batchplan.Line {
	if r.FinishedGoodID != nil {
		return batchplan.Line{Kind: batchplan.KindGood, ID: r.FinishedGoodID.String(), Quantity: r.Quantity}
	}
	return batchplan.Line{Kind: batchplan.KindMaterial, ID: r.MaterialID.String(), Quantity: r.Quantity}
}

func packageOut(p queries.PackageResolveRow, contents []queries.PackageContentsOfRow) PackageOut {
	out := PackageOut{ID: p.ID.String(), Slug: p.Slug, Name: p.Name, IsTemplate: p.IsTemplate, Contents: []ComponentOut{}}
	for _, c := range contents {
		l := contentLine(c)
		out.Contents = append(out.Contents, ComponentOut{Kind: l.Kind, ID: l.ID, Slug: c.ContentSlug, Name: c.ContentName, Quantity: c.Quantity})
	}
	return out
}

// ListPackagesInput is list_packages' arguments (none).
type ListPackagesInput struct{}

// ListPackagesOutput is list_packages' result.
type ListPackagesOutput struct {
	Packages []PackageOut `json:"packages"`
}

// ListPackages lists gift packages with their contents.
func (t *Tools) ListPackages(ctx context.Context, id identity.Identity, _ ListPackagesInput) (ListPackagesOutput, error) {
	out := ListPackagesOutput{Packages: []PackageOut{}}
	err := t.snapshot(ctx, id, func(q *queries.Queries) error {
		rows, err := q.PackageList(ctx, queries.PackageListParams{TenantID: id.TenantID})
		if err != nil {
			return fmt.Errorf("list packages: %w", err)
		}
		ids := make([]uuid.UUID, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		contents, err := packageContents(ctx, q, id.TenantID, ids)
		if err != nil {
			return err
		}
		for _, r := range rows {
			out.Packages = append(out.Packages, packageOut(queries.PackageResolveRow(r), contents[r.ID]))
		}
		return nil
	})
	return out, err
}

// GetPackageInput is get_package's arguments.
type GetPackageInput struct {
	ID string `json:"id" jsonschema:"the package's id, slug or name"`
	// TargetMargin turns the package's cost into a suggested price.
	TargetMargin *decimal.Decimal `json:"target_margin,omitempty" jsonschema:"gross margin wanted, in percent of the price (0 to below 100): suggested price = cost ÷ (1 − margin/100)"`
}

// GetPackageOutput is a package with what one of it costs.
type GetPackageOutput struct {
	PackageOut
	Cost PackageCostOut `json:"cost"`
}

// GetPackage shows a package, its contents and its cost.
func (t *Tools) GetPackage(ctx context.Context, id identity.Identity, in GetPackageInput) (GetPackageOutput, error) {
	margin, err := checkMargin("target_margin", in.TargetMargin)
	if err != nil {
		return GetPackageOutput{}, err
	}
	var out GetPackageOutput
	err = t.snapshot(ctx, id, func(q *queries.Queries) error {
		p, err := resolvePackage(ctx, q, id.TenantID, "id", in.ID)
		if err != nil {
			return err
		}
		contents, err := packageContents(ctx, q, id.TenantID, []uuid.UUID{p.ID})
		if err != nil {
			return err
		}
		out.PackageOut = packageOut(p, contents[p.ID])
		out.Cost, err = packageCost(ctx, q, id.TenantID, contents[p.ID], margin)
		return err
	})
	return out, err
}

// CreateRecipientInput is create_recipient's arguments.
type CreateRecipientInput struct {
	Name           string `json:"name" jsonschema:"who gets the gift"`
	HouseholdName  string `json:"household_name,omitempty" jsonschema:"e.g. Howell Household"`
	Address        string `json:"address,omitempty"`
	Notes          string `json:"notes,omitempty"`
	IdempotencyKey string `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying"`
}

// RecipientOut is a recipient.
type RecipientOut struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	HouseholdName string `json:"household_name"`
	Address       string `json:"address"`
}

// CreateRecipient adds a recipient (names need not be unique).
func (t *Tools) CreateRecipient(ctx context.Context, id identity.Identity, in CreateRecipientInput) (RecipientOut, error) {
	name := strings.TrimSpace(in.Name)
	if name == "" || NameTooLong(name) {
		return RecipientOut{}, Invalid("name", "give a name of 1 to %d characters", MaxNameLength)
	}
	var out RecipientOut
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "create_recipient", in, func() (RecipientOut, error) {
			rid, err := q.RecipientCreate(ctx, queries.RecipientCreateParams{TenantID: id.TenantID, Name: name,
				HouseholdName: textOrNil(in.HouseholdName), Address: textOrNil(in.Address), Notes: textOrNil(in.Notes)})
			if err != nil {
				return RecipientOut{}, fmt.Errorf("create recipient: %w", err)
			}
			return RecipientOut{ID: rid.String(), Name: name, HouseholdName: strings.TrimSpace(in.HouseholdName), Address: strings.TrimSpace(in.Address)}, nil
		})
		return err
	})
	return out, err
}

// ListRecipientsInput is list_recipients' arguments (none).
type ListRecipientsInput struct{}

// ListRecipientsOutput is list_recipients' result.
type ListRecipientsOutput struct {
	Recipients []RecipientOut `json:"recipients"`
}

// ListRecipients lists recipients by name.
func (t *Tools) ListRecipients(ctx context.Context, id identity.Identity, _ ListRecipientsInput) (ListRecipientsOutput, error) {
	out := ListRecipientsOutput{Recipients: []RecipientOut{}}
	err := t.read(ctx, id, func(q *queries.Queries) error {
		rows, err := q.RecipientList(ctx, queries.RecipientListParams{TenantID: id.TenantID})
		if err != nil {
			return fmt.Errorf("list recipients: %w", err)
		}
		for _, r := range rows {
			out.Recipients = append(out.Recipients, RecipientOut{ID: r.ID.String(), Name: r.Name, HouseholdName: textOf(r.HouseholdName), Address: textOf(r.Address)})
		}
		return nil
	})
	return out, err
}

// resolveRecipient finds one recipient by id or exact name (names repeat, so
// two of them are ambiguous and the id decides).
func resolveRecipient(ctx context.Context, q *queries.Queries, tenant uuid.UUID, field, ref string) (queries.RecipientResolveRow, error) {
	ref = strings.TrimSpace(ref)
	rows, err := q.RecipientResolve(ctx, queries.RecipientResolveParams{TenantID: tenant, RefID: refID(ref), Ref: ref})
	if err != nil {
		return queries.RecipientResolveRow{}, fmt.Errorf("resolve recipient %q: %w", ref, err)
	}
	return pickResolved(rows, field, ref, "recipient", "list_recipients",
		func(r queries.RecipientResolveRow) (uuid.UUID, string, string) { return r.ID, "", r.Name },
		func(r queries.RecipientResolveRow) string { return textOf(r.HouseholdName) })
}

// PackageCostLine is one priced part of a package.
type PackageCostLine struct {
	Kind     string          `json:"kind"`
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	Quantity decimal.Decimal `json:"quantity"`
	// UnitCost is per item (finished unit) or per base unit (material);
	// null when unknown.
	UnitCost *decimal.Decimal `json:"unit_cost"`
	Cost     decimal.Decimal  `json:"cost"`
	Basis    string           `json:"basis"`
	// CostBasis is the recipe's cost_basis (fifo, fifo_and_last_price,
	// last_price, none) for a finished unit; newest_lot or none for a material.
	CostBasis string `json:"cost_basis"`
}

// PackageCostOut is what one package costs: food plus packaging.
type PackageCostOut struct {
	Food      decimal.Decimal   `json:"food"`
	Materials decimal.Decimal   `json:"materials"`
	Total     decimal.Decimal   `json:"total"`
	Complete  bool              `json:"complete"`
	Lines     []PackageCostLine `json:"lines"`
	// FoodCostBasis is the food's cost_basis over every finished unit.
	FoodCostBasis string `json:"food_cost_basis"`
	// SuggestedPrice is total ÷ (1 − target_margin/100), rounded up to the
	// cent, when a target_margin was given.
	TargetMargin   *decimal.Decimal `json:"target_margin,omitempty"`
	SuggestedPrice *decimal.Decimal `json:"suggested_price,omitempty"`
}
