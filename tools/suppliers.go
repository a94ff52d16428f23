package tools

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
)

// Supplier is a store or online shop as the tools show it.
type Supplier struct {
	ID            string    `json:"id"`
	Slug          string    `json:"slug"`
	Name          string    `json:"name"`
	SupplierType  string    `json:"supplier_type"`
	StreetAddress *string   `json:"street_address"`
	City          *string   `json:"city"`
	State         *string   `json:"state"`
	ZipCode       *string   `json:"zip_code"`
	WebsiteURL    *string   `json:"website_url"`
	Notes         *string   `json:"notes"`
	IsActive      bool      `json:"is_active"`
	IsPlaceholder bool      `json:"is_placeholder"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

func supplierOut(s queries.Supplier) Supplier {
	return Supplier{
		ID: s.ID.String(), Slug: s.Slug, Name: s.Name, SupplierType: s.SupplierType,
		StreetAddress: s.StreetAddress, City: s.City, State: s.State, ZipCode: s.ZipCode,
		WebsiteURL: s.WebsiteUrl, Notes: s.Notes, IsActive: s.IsActive, IsPlaceholder: s.IsPlaceholder,
		CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
	}
}

// ListSuppliersInput pages through the suppliers.
type ListSuppliersInput struct {
	Query  string `json:"query,omitempty" jsonschema:"part of the name or the start of the slug; empty lists everything"`
	Limit  int    `json:"limit,omitempty" jsonschema:"page size, 1 to 500 (default 50)"`
	Cursor string `json:"cursor,omitempty" jsonschema:"next_cursor from the previous page"`
}

// ListSuppliersOutput is one page; next_cursor is empty on the last.
type ListSuppliersOutput struct {
	Suppliers  []Supplier `json:"suppliers"`
	NextCursor string     `json:"next_cursor"`
}

// ListSuppliers lists a page of suppliers ordered by name.
func (t *Tools) ListSuppliers(ctx context.Context, id identity.Identity, in ListSuppliersInput) (ListSuppliersOutput, error) {
	limit, err := pageLimit(in.Limit)
	if err != nil {
		return ListSuppliersOutput{}, err
	}
	afterKey, afterID, err := decodeCatalogCursor(in.Cursor)
	if err != nil {
		return ListSuppliersOutput{}, err
	}
	namePat, slugPat := catalogSearch(in.Query)
	var rows []queries.Supplier
	err = t.read(ctx, id, func(q *queries.Queries) error {
		rows, err = q.SupplierList(ctx, queries.SupplierListParams{
			TenantID: id.TenantID, AfterKey: afterKey, AfterID: afterID,
			NamePattern: namePat, SlugPattern: slugPat, RowLimit: limit + 1,
		})
		return err
	})
	if err != nil {
		return ListSuppliersOutput{}, fmt.Errorf("list suppliers: %w", err)
	}
	out := ListSuppliersOutput{Suppliers: make([]Supplier, 0, len(rows))}
	if len(rows) > int(limit) {
		rows = rows[:limit]
		last := rows[len(rows)-1]
		out.NextCursor = encodeCatalogCursor(last.NameKey, last.ID)
	}
	for _, r := range rows {
		out.Suppliers = append(out.Suppliers, supplierOut(r))
	}
	return out, nil
}

// CreateSupplierInput describes a new supplier.
type CreateSupplierInput struct {
	Name           string `json:"name" jsonschema:"the store's name, e.g. Costco"`
	SupplierType   string `json:"supplier_type,omitempty" jsonschema:"physical (a shop you visit, the default) or online"`
	StreetAddress  string `json:"street_address,omitempty" jsonschema:"street address"`
	City           string `json:"city,omitempty" jsonschema:"city, e.g. Waltham"`
	State          string `json:"state,omitempty" jsonschema:"two-letter state code, e.g. MA"`
	ZipCode        string `json:"zip_code,omitempty" jsonschema:"postal code, at most 10 characters"`
	WebsiteURL     string `json:"website_url,omitempty" jsonschema:"http(s) address of the shop"`
	Notes          string `json:"notes,omitempty" jsonschema:"free notes"`
	IdempotencyKey string `json:"idempotency_key,omitempty" jsonschema:"any unique text; a retry with the same key creates nothing twice"`
}

// CreateSupplier adds a supplier. Its slug is name_city_state for a
// physical store and name for an online one (the desktop's rule), with a
// numeric suffix on a clash.
func (t *Tools) CreateSupplier(ctx context.Context, id identity.Identity, in CreateSupplierInput) (Supplier, error) {
	p, err := supplierParams(in)
	if err != nil {
		return Supplier{}, err
	}
	p.TenantID = id.TenantID
	var out Supplier
	err = t.write(ctx, id, func(q *queries.Queries) error {
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "create_supplier", in, func() (Supplier, error) {
			s, err := createSupplier(ctx, q, p, SupplierSlug(p.Name, textOf(p.City), textOf(p.State), p.SupplierType, false))
			if err != nil {
				return Supplier{}, err
			}
			return supplierOut(s), nil
		})
		return err
	})
	return out, catalogErr(err, "create supplier")
}

// supplierParams validates a new supplier.
func supplierParams(in CreateSupplierInput) (queries.SupplierCreateParams, error) {
	name := strings.TrimSpace(in.Name)
	p := queries.SupplierCreateParams{
		Name: name, NameKey: NameKey(name), SupplierType: strings.ToLower(strings.TrimSpace(in.SupplierType)),
		StreetAddress: textOrNil(in.StreetAddress), City: textOrNil(in.City), Notes: textOrNil(in.Notes),
	}
	switch {
	case name == "":
		return p, Invalid("name", "is required, e.g. Costco")
	case NameTooLong(name):
		return p, Invalid("name", "must be at most 200 characters")
	case p.NameKey == "":
		return p, Invalid("name", "%q has no letters or digits", name)
	}
	switch p.SupplierType {
	case "":
		p.SupplierType = "physical"
	case "physical", "online":
	default:
		return p, Invalid("supplier_type", "must be physical or online, not %q", in.SupplierType)
	}
	if st := strings.ToUpper(strings.TrimSpace(in.State)); st != "" {
		if !IsStateCode(st) {
			return p, Invalid("state", "must be a two-letter code such as MA, not %q", in.State)
		}
		p.State = &st
	}
	if z := textOrNil(in.ZipCode); z != nil {
		if len(*z) > 10 {
			return p, Invalid("zip_code", "must be at most 10 characters")
		}
		p.ZipCode = z
	}
	if w := textOrNil(in.WebsiteURL); w != nil {
		u, err := url.Parse(*w)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return p, Invalid("website_url", "%q is not a web address; give it as https://example.com", *w)
		}
		p.WebsiteUrl = w
	}
	for field, s := range map[string]*string{"street_address": p.StreetAddress, "city": p.City} {
		if err := optionalText(field, s, 200); err != nil {
			return p, err
		}
	}
	return p, nil
}

// createSupplier inserts p under the first free slug from base. A slug taken
// by a concurrent transaction (the insert returns no row) moves on to the
// next suffix.
func createSupplier(ctx context.Context, q *queries.Queries, p queries.SupplierCreateParams, base string) (queries.Supplier, error) {
	for range 5 {
		slug, err := UniqueSlug(base, '_', func(s string) (bool, error) {
			return q.SupplierSlugTaken(ctx, queries.SupplierSlugTakenParams{TenantID: p.TenantID, Slug: s})
		})
		if err != nil {
			return queries.Supplier{}, err
		}
		p.Slug = slug
		s, err := q.SupplierCreate(ctx, p)
		if !errors.Is(err, pgx.ErrNoRows) {
			return s, err
		}
	}
	return queries.Supplier{}, Conflict("name", "could not find a free slug for %q; try again", p.Name)
}

// unknownSlug is the placeholder supplier's preferred slug (the desktop's
// seeded "Unknown" store, state XX).
const unknownSlug = "unknown_unknown_xx"

// PlaceholderSupplier returns the tenant's placeholder supplier ("Unknown",
// is_placeholder), creating it on first use; created says it did. Every
// purchase needs a supplier; this one absorbs purchases with no store. It is
// the one way to find it, for the tools and the importer alike (importID
// tags a row the importer creates). suppliers_one_placeholder_idx allows one
// per tenant: a concurrent creator's insert does nothing and it reads the
// winner's row. Call it inside a write transaction.
func PlaceholderSupplier(ctx context.Context, q *queries.Queries, tenant uuid.UUID, importID *uuid.UUID) (s queries.Supplier, created bool, err error) {
	for range 3 {
		s, err = q.SupplierPlaceholderGet(ctx, queries.SupplierPlaceholderGetParams{TenantID: tenant})
		if !errors.Is(err, pgx.ErrNoRows) {
			break
		}
		// A supplier that is not the placeholder may hold the slug.
		var slug string
		slug, err = UniqueSlug(unknownSlug, '_', func(c string) (bool, error) {
			return q.SupplierSlugTaken(ctx, queries.SupplierSlugTakenParams{TenantID: tenant, Slug: c})
		})
		if err != nil {
			break
		}
		s, err = q.SupplierPlaceholderCreate(ctx, queries.SupplierPlaceholderCreateParams{TenantID: tenant, Slug: slug, ImportID: importID})
		if !errors.Is(err, pgx.ErrNoRows) { // else created concurrently: read it
			created = err == nil
			break
		}
	}
	if err != nil {
		return queries.Supplier{}, false, fmt.Errorf("placeholder supplier: %w", err)
	}
	return s, created, nil
}

// unknownSupplier is PlaceholderSupplier for a tool.
func unknownSupplier(ctx context.Context, q *queries.Queries, tenant uuid.UUID) (queries.Supplier, error) {
	s, _, err := PlaceholderSupplier(ctx, q, tenant, nil)
	return s, err
}

// supplierByName returns the supplier whose name matches name exactly after
// normalisation (name_key; "Wegman's" finds "Wegmans"), preferring active and
// then older suppliers, or creates a physical supplier with that name (slug
// from the name alone, since no city or state is known). A name with no
// letters or digits gives unknownSupplier. A name over 200 characters is an
// Invalid error naming "store", the argument of add_purchase that feeds it.
// Call it inside a write transaction.
func supplierByName(ctx context.Context, q *queries.Queries, tenant uuid.UUID, name string) (queries.Supplier, error) {
	name = strings.TrimSpace(name)
	key := NameKey(name)
	if key == "" {
		return unknownSupplier(ctx, q, tenant)
	}
	if NameTooLong(name) {
		return queries.Supplier{}, Invalid("store", "must be at most 200 characters")
	}
	// Names have no unique key (two shops may share one), so two requests
	// naming a new shop at once would both create it: serialise them.
	if err := lockTenant(ctx, q, tenant, "supplier:"+key); err != nil {
		return queries.Supplier{}, err
	}
	rows, err := q.SupplierListByNameKey(ctx, queries.SupplierListByNameKeyParams{TenantID: tenant, NameKey: key})
	if err != nil {
		return queries.Supplier{}, fmt.Errorf("supplier %q: %w", name, err)
	}
	if len(rows) > 0 {
		return rows[0], nil
	}
	s, err := createSupplier(ctx, q, queries.SupplierCreateParams{TenantID: tenant, Name: name, NameKey: key, SupplierType: "physical"}, SupplierSlug(name, "", "", "physical", false))
	if err != nil {
		return queries.Supplier{}, fmt.Errorf("create supplier %q: %w", name, err)
	}
	return s, nil
}
