package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/barcode"
	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// maxMoney is where numeric(12,4) prices end.
var maxMoney = decimal.New(1, 8)

// maxLotsPerPurchase bounds the pantry lots (one per physical package) one
// purchase may create: "5000 bags" is a typo, not a delivery.
const maxLotsPerPurchase = 500

// AddPurchaseInput is "bought quantity unit of item_name for price at store".
type AddPurchaseInput struct {
	ItemName        string          `json:"item_name" jsonschema:"what was bought, as a person says it: a product or ingredient name (\"bread flour\", \"Gold Medal flour\"), or a product or ingredient id from an ambiguous answer's candidates"`
	Quantity        decimal.Decimal `json:"quantity" jsonschema:"how much was bought, greater than 0: an amount in unit, or a number of packages when unit is a package word"`
	Unit            string          `json:"unit" jsonschema:"a unit of measure (lb, oz, kg, g, cup, fl oz…) or a package word (each, count, bag, jar, package, box, can, bottle) meaning quantity counts packages"`
	Price           decimal.Decimal `json:"price" jsonschema:"total paid for the whole quantity, 0 or more (decimal string or number)"`
	Store           string          `json:"store" jsonschema:"where it was bought; empty for an unknown store"`
	PurchaseDate    string          `json:"purchase_date,omitempty" jsonschema:"YYYY-MM-DD; default today"`
	ReceiptImageURL string          `json:"receipt_image_url,omitempty" jsonschema:"link to a photo of the receipt"`
	GTIN            string          `json:"gtin,omitempty" jsonschema:"barcode (UPC-A, EAN-13 or GTIN-14) from the package; matched before the name"`
	ReceiptText     string          `json:"receipt_text,omitempty" jsonschema:"the line as the receipt prints it (\"KS ORG AP FLR 25LB\"): the product it is recorded as is remembered for this store, and the same line as item_name at that store finds that product next time"`
	IdempotencyKey  string          `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying so the purchase is recorded once"`
}

// PurchaseProduct names the product a purchase was recorded against.
type PurchaseProduct struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	IsProvisional bool   `json:"is_provisional"`
}

// AddPurchaseOutput is the recorded purchase.
type AddPurchaseOutput struct {
	Success       bool            `json:"success"`
	PurchaseID    string          `json:"purchase_id"`
	PantryItemIDs []string        `json:"pantry_item_ids"`
	Message       string          `json:"message"`
	Product       PurchaseProduct `json:"product"`
	MatchedBy     string          `json:"matched_by"`
	Packages      decimal.Decimal `json:"packages"`
	UnitPrice     decimal.Decimal `json:"unit_price"`
	UnitCost      decimal.Decimal `json:"unit_cost"`
	PackageUnit   string          `json:"package_unit"`
	PackageQty    decimal.Decimal `json:"package_unit_quantity"`
	Supplier      string          `json:"supplier"`
	PurchaseDate  string          `json:"purchase_date"`
	// StoreAlias is the receipt line remembered for the store, if any.
	StoreAlias string `json:"store_alias,omitempty"`
	// DensityUsed is the density the quantity was converted with when it
	// was given in the other kind of unit than the product's packages
	// (cups of a product sold by weight), and where it came from.
	DensityUsed *DensityUsed `json:"density_used,omitempty"`
}

// purchaseUnit is add_purchase's unit argument understood: either packages
// (Word is the container, "" for each/count) or a unit of measure.
type purchaseUnit struct {
	Packages bool
	Word     string
	Unit     units.Unit
}

// packageCounts are the words that make quantity a number of packages.
// "each" and "count" are count units too, but said of a purchase ("3 each")
// they count packages; items of a count product are "piece" or "dozen".
var packageCounts = map[string]bool{
	"each": true, "ea": true, "count": true, "ct": true, "package": true, "packages": true,
	"pkg": true, "pkgs": true, "pack": true, "packs": true,
}

// parsePurchaseUnit reads add_purchase's unit.
func parsePurchaseUnit(s string) (purchaseUnit, error) {
	key := strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(s, ".", " "))), " ")
	if packageCounts[key] {
		word := ""
		if strings.HasPrefix(key, "pack") || strings.HasPrefix(key, "pkg") {
			word = "package"
		}
		return purchaseUnit{Packages: true, Word: word}, nil
	}
	u, err := units.Parse(s)
	if err == nil {
		return purchaseUnit{Unit: u}, nil
	}
	var ue *units.UnknownUnitError
	if errors.As(err, &ue) && ue.PackageType {
		return purchaseUnit{Packages: true, Word: singularPackage(key)}, nil
	}
	return purchaseUnit{}, Invalid("unit", "unknown unit %q: give a unit of measure (%s) or a package word (each, bag, jar, box, can, bottle, package…) to count packages",
		s, strings.Join(units.Codes(), ", "))
}

// singularPackage turns "boxes" into "box" and "jars" into "jar".
func singularPackage(word string) string {
	for _, suffix := range []string{"es", "s"} {
		if base, ok := strings.CutSuffix(word, suffix); ok {
			var ue *units.UnknownUnitError
			if _, err := units.Parse(base); errors.As(err, &ue) && ue.PackageType && !strings.HasSuffix(base, "s") {
				return base
			}
		}
	}
	return word
}

// purchasePlan is a purchase worked out in the product's terms.
type purchasePlan struct {
	Packages  decimal.Decimal   // number of packages (fractional for a partial one), 4 places
	Amount    decimal.Decimal   // packages × package_unit_quantity, in package_unit
	Lots      []decimal.Decimal // one quantity per physical package, in package_unit
	UnitPrice decimal.Decimal   // per package, 4 places
	UnitCost  decimal.Decimal   // per package_unit, 6 places
}

// planPurchase converts "qty of pu for price" into packages of a product of
// pkgQty pkgUnit: one lot per physical package, the last one partial when
// the amount does not fill it (2.5 packages → lots of 1, 1 and 0.5).
func planPurchase(qty, price decimal.Decimal, pu purchaseUnit, pkgQty decimal.Decimal, pkgUnit units.Unit, density *units.Density, productName string) (purchasePlan, error) {
	var p purchasePlan
	if pu.Packages {
		p.Amount = units.Round(qty.Mul(pkgQty))
	} else {
		amount, err := units.Convert(qty, pu.Unit, pkgUnit, density)
		if errors.Is(err, units.ErrOutOfRange) {
			return p, Invalid("quantity", "%s %s is out of range; check the quantity", qty, pu.Unit.Code)
		}
		if err != nil {
			return p, Unprocessable("unit", "cannot record %s %s of %s, which is sold in %s %s packages: %v; give the amount in %s or as a number of packages (unit \"each\")",
				qty, pu.Unit.Code, productName, pkgQty, pkgUnit.Code, err, pkgUnit.Code)
		}
		p.Amount = units.Round(amount)
	}
	p.Packages = units.Round(p.Amount.DivRound(pkgQty, units.Precision))
	if !p.Amount.IsPositive() || !p.Packages.IsPositive() {
		return p, Invalid("quantity", "%s %s is too small to record (under 0.0001 of a %s %s package)", qty, pu.Unit.Code, pkgQty, pkgUnit.Code)
	}
	lots, err := SplitLots(p.Amount, pkgQty, "quantity")
	if err != nil {
		return p, err
	}
	p.Lots = lots
	p.UnitPrice = price.Mul(pkgQty).DivRound(p.Amount, 4)
	p.UnitCost = price.DivRound(p.Amount, 6)
	if p.UnitPrice.GreaterThanOrEqual(maxMoney) || p.UnitCost.GreaterThanOrEqual(maxMoney) {
		return p, Invalid("price", "%s for %s %s is %s per package; check the price and quantity", price, qty, pu.Unit.Code, p.UnitPrice)
	}
	return p, nil
}

// AddPurchase records a purchase and puts one pantry lot per package on the
// shelf.
func (t *Tools) AddPurchase(ctx context.Context, id identity.Identity, in AddPurchaseInput) (AddPurchaseOutput, error) {
	name := strings.TrimSpace(in.ItemName)
	switch {
	case name == "":
		return AddPurchaseOutput{}, Invalid("item_name", "say what was bought, for example \"all-purpose flour\"")
	case NameKey(name) == "":
		// A name without letters or digits would match every other such
		// name through the empty key.
		return AddPurchaseOutput{}, Invalid("item_name", "needs at least one letter or digit, for example \"eggs\"")
	case NameTooLong(name):
		return AddPurchaseOutput{}, Invalid("item_name", "must be at most 200 characters")
	case !in.Quantity.IsPositive():
		return AddPurchaseOutput{}, Invalid("quantity", "must be greater than 0, got %s", in.Quantity)
	case in.Price.IsNegative():
		return AddPurchaseOutput{}, Invalid("price", "must be 0 or more (the total paid), got %s", in.Price)
	}
	pu, err := parsePurchaseUnit(in.Unit)
	if err != nil {
		return AddPurchaseOutput{}, err
	}
	if err := checkReceiptText(in.ReceiptText); err != nil {
		return AddPurchaseOutput{}, err
	}
	var gtin14 string
	if g := strings.TrimSpace(in.GTIN); g != "" {
		n, ok, reason := barcode.Normalize(g)
		if !ok {
			return AddPurchaseOutput{}, Invalid("gtin", "%q is not a valid barcode (%s); check the digits or leave gtin out", g, reason)
		}
		gtin14 = n
	}
	var out AddPurchaseOutput
	err = t.write(ctx, id, func(q *queries.Queries) error {
		// "Today" is the household's: a purchase at 5 pm in Los Angeles is
		// already tomorrow in UTC.
		loc, err := TenantLocation(ctx, q, id)
		if err != nil {
			return err
		}
		date, err := t.purchaseDate(in.PurchaseDate, loc)
		if err != nil {
			return err
		}
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "add_purchase", in, func() (AddPurchaseOutput, error) {
			return addPurchase(ctx, q, id, in, name, pu, date, gtin14)
		})
		return err
	})
	if err != nil {
		return AddPurchaseOutput{}, fmt.Errorf("add purchase: %w", err)
	}
	return out, nil
}

// purchaseDate parses purchase_date, defaulting to today in loc. A date
// more than a day ahead is refused.
func (t *Tools) purchaseDate(s string, loc *time.Location) (time.Time, error) {
	now := t.now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if strings.TrimSpace(s) == "" {
		return today, nil
	}
	d, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, Invalid("purchase_date", "%q is not a date; use YYYY-MM-DD, for example %s", s, today.Format("2006-01-02"))
	}
	if d.After(today.AddDate(0, 0, 1)) {
		return time.Time{}, Invalid("purchase_date", "%s is in the future; give the day it was bought", s)
	}
	return d, nil
}

func addPurchase(ctx context.Context, q *queries.Queries, id identity.Identity, in AddPurchaseInput, name string, pu purchaseUnit, date time.Time, gtin14 string) (AddPurchaseOutput, error) {
	tenant := id.TenantID
	receipt := strings.TrimSpace(in.ReceiptText)
	var supplier queries.Supplier
	var m itemMatch
	if receipt != "" && strings.TrimSpace(in.Store) != "" {
		// The store is needed first: the line is known per store.
		var err error
		if supplier, err = purchaseSupplier(ctx, q, id, in.Store); err != nil {
			return AddPurchaseOutput{}, err
		}
		pid, ok, err := storeAliasProduct(ctx, q, tenant, supplier.ID, receipt, name)
		if err != nil {
			return AddPurchaseOutput{}, err
		}
		if ok && gtin14 == "" {
			m = itemMatch{By: matchedStoreAlias, ProductID: pid, Matched: receipt}
		}
	}
	if m.By == "" {
		var err error
		if m, err = resolveItem(ctx, q, tenant, name, gtin14); err != nil {
			return AddPurchaseOutput{}, err
		}
	}
	var notes []string
	if gtin14 != "" && m.By != matchedGTIN {
		notes = append(notes, fmt.Sprintf("barcode %s matched no product, so the name was used", strings.TrimSpace(in.GTIN)))
	}
	switch m.By {
	case matchedSimilar:
		notes = append(notes, fmt.Sprintf("matched %q to %q by similarity %.2f", name, m.Matched, m.Score))
	case matchedAlias:
		notes = append(notes, fmt.Sprintf("matched %q by alias to %q", name, m.Matched))
	case matchedStoreAlias:
		notes = append(notes, fmt.Sprintf("matched receipt line %q by what it was confirmed as at this store before", m.Matched))
	}
	if m.ProductID == uuid.Nil {
		pid, created, err := productForPurchase(ctx, q, tenant, m, name, pu, in.Quantity, in.GTIN, gtin14)
		if err != nil {
			return AddPurchaseOutput{}, err
		}
		m.ProductID = pid
		if created != "" {
			notes = append(notes, created)
		}
	}
	prod, err := q.ResolveProductGet(ctx, queries.ResolveProductGetParams{TenantID: tenant, ID: m.ProductID})
	if err != nil {
		return AddPurchaseOutput{}, fmt.Errorf("read product: %w", err)
	}
	ing, err := q.IngredientGet(ctx, queries.IngredientGetParams{TenantID: tenant, ID: prod.IngredientID})
	if err != nil {
		return AddPurchaseOutput{}, fmt.Errorf("read ingredient: %w", err)
	}
	label := productLabel(prod.Brand, prod.ProductName, prod.IngredientName)
	pkgUnit, err := units.Parse(prod.PackageUnit)
	if err != nil {
		return AddPurchaseOutput{}, Unprocessable("unit", "product %q has package unit %q, which is not a unit of measure; fix the product first", label, prod.PackageUnit)
	}
	ref, err := ingredientDensityRef(ctx, q, ing)
	if err != nil {
		return AddPurchaseOutput{}, err
	}
	plan, err := planPurchase(in.Quantity, in.Price, pu, prod.PackageUnitQuantity, pkgUnit, ref.d, label)
	if err != nil {
		return AddPurchaseOutput{}, err
	}

	if supplier.ID == uuid.Nil {
		if supplier, err = purchaseSupplier(ctx, q, id, in.Store); err != nil {
			return AddPurchaseOutput{}, err
		}
	}
	userID := pantryUser(id.UserID)
	pur, err := q.PurchaseCreate(ctx, queries.PurchaseCreateParams{
		TenantID: tenant, ProductID: prod.ID, SupplierID: supplier.ID, PurchaseDate: date,
		QuantityPurchased: plan.Packages, UnitPrice: decimal.NewNullDecimal(plan.UnitPrice),
		ReceiptImageUrl: textOrNil(strings.TrimSpace(in.ReceiptImageURL)), CreatedBy: userID,
	})
	if err != nil {
		return AddPurchaseOutput{}, fmt.Errorf("insert purchase: %w", err)
	}
	out := AddPurchaseOutput{
		Success: true, PurchaseID: pur.ID.String(), PantryItemIDs: []string{},
		Product:   PurchaseProduct{ID: prod.ID.String(), Name: label, IsProvisional: prod.IsProvisional},
		MatchedBy: m.By, Packages: plan.Packages, UnitPrice: plan.UnitPrice, UnitCost: plan.UnitCost,
		PackageUnit: prod.PackageUnit, PackageQty: prod.PackageUnitQuantity,
		Supplier: supplier.Name, PurchaseDate: date.Format("2006-01-02"),
	}
	if !pu.Packages {
		out.DensityUsed = ref.usedFor(pu.Unit, pkgUnit)
	}
	for i, qty := range plan.Lots {
		lot, err := q.PantryItemCreate(ctx, queries.PantryItemCreateParams{
			TenantID: tenant, ProductID: prod.ID, PurchaseID: &pur.ID, Quantity: qty,
			UnitCost: decimal.NewNullDecimal(plan.UnitCost), PurchaseDate: date,
			Source: "purchase", Ordinal: int32(i),
		})
		if err != nil {
			return AddPurchaseOutput{}, fmt.Errorf("insert pantry lot: %w", err)
		}
		out.PantryItemIDs = append(out.PantryItemIDs, lot.String())
	}
	if receipt != "" && strings.TrimSpace(in.Store) != "" {
		if err := learnStoreAlias(ctx, q, tenant, supplier.ID, prod.ID, pur.ID, receipt); err != nil {
			return AddPurchaseOutput{}, err
		}
		out.StoreAlias = strings.Join(strings.Fields(receipt), " ")
		notes = append(notes, fmt.Sprintf("remembered receipt line %q at %s as %s", out.StoreAlias, supplier.Name, label))
	}
	out.Message = purchaseMessage(in, plan, label, prod.PackageUnitQuantity, prod.PackageUnit, supplier.Name, notes)
	return out, nil
}

// productForPurchase finds or creates the product for a match without one:
// an ingredient's best-fitting product, or a new provisional product (and,
// for an unknown item, a new ingredient). created describes what was made.
func productForPurchase(ctx context.Context, q *queries.Queries, tenant uuid.UUID, m itemMatch, name string, pu purchaseUnit, qty decimal.Decimal, rawGTIN, gtin14 string) (uuid.UUID, string, error) {
	np := newProduct{GTIN: strings.TrimSpace(rawGTIN), GTIN14: gtin14, PackageType: pu.Word}
	if pu.Packages {
		// The contents of an unknown package are unknown: count it.
		np.PackageUnit, np.PackageQty = "count", decimal.NewFromInt(1)
	} else {
		size, err := packageQuantity(qty)
		if err != nil {
			// The purchase's amount becomes the new package's size: say so
			// about the argument the caller sent.
			return uuid.Nil, "", Invalid("quantity", "%s %s cannot be a package size: it must be above 0 and below 10000000000 after rounding to 4 places", qty, pu.Unit.Code)
		}
		np.PackageUnit, np.PackageQty = pu.Unit.Code, size
	}
	if m.Ingredient != nil {
		pid, ok, err := chooseProduct(ctx, q, tenant, *m.Ingredient, pu, qty)
		if err != nil || ok {
			return pid, "", err
		}
		np.Ingredient = *m.Ingredient
		// Not productNameKey's "brand product_name ingredient": that would be
		// the ingredient's own key, and every later purchase by the generic
		// name would match this odd package as a product instead of choosing
		// among the ingredient's packages. The size keeps it distinct.
		np.NameKey = NameKey(fmt.Sprintf("%s %s %s", m.Ingredient.DisplayName, np.PackageQty, np.PackageUnit))
		pid, err = createProduct(ctx, q, tenant, np)
		return pid, fmt.Sprintf("created provisional product \"%s\" (%s %s package) for ingredient %q, flagged for review",
			m.Ingredient.DisplayName, np.PackageQty, np.PackageUnit, m.Ingredient.DisplayName), err
	}
	ing, err := createItem(ctx, q, tenant, name)
	if err != nil {
		return uuid.Nil, "", err
	}
	np.Ingredient, np.NameKey = ing, productNameKey(nil, nil, name)
	pid, err := createProduct(ctx, q, tenant, np)
	return pid, fmt.Sprintf("no product or ingredient matched %q: created provisional product %q (%s %s package) and ingredient %q, both flagged for review",
		name, name, np.PackageQty, np.PackageUnit, ing.Slug), err
}

// purchaseSupplier is the store named (found or created by name), or the
// Unknown supplier when none is given.
func purchaseSupplier(ctx context.Context, q *queries.Queries, id identity.Identity, store string) (queries.Supplier, error) {
	if strings.TrimSpace(store) == "" {
		return unknownSupplier(ctx, q, id.TenantID)
	}
	return supplierByName(ctx, q, id.TenantID, strings.TrimSpace(store))
}

func purchaseMessage(in AddPurchaseInput, p purchasePlan, label string, pkgQty decimal.Decimal, pkgUnit, store string, notes []string) string {
	var b strings.Builder
	lots := plural(len(p.Lots), "pantry lot", "pantry lots")
	fmt.Fprintf(&b, "Recorded %s %s of %s at %s for %s: %s of %s %s (%s per package, %s per %s), %d %s.",
		in.Quantity, strings.TrimSpace(in.Unit), label, store, in.Price.StringFixed(2), quantityOf(p.Packages, "package", "packages"), pkgQty, pkgUnit,
		p.UnitPrice.StringFixed(2), p.UnitCost, pkgUnit, len(p.Lots), lots)
	for _, n := range notes {
		b.WriteString(" ")
		b.WriteString(strings.ToUpper(n[:1]) + n[1:])
		b.WriteString(".")
	}
	return b.String()
}

// pantryUser is nil for the zero id (a NULL column).
func pantryUser(u uuid.UUID) *uuid.UUID {
	if u == uuid.Nil {
		return nil
	}
	return &u
}

// ListPurchasesInput filters and pages purchases.
type ListPurchasesInput struct {
	Product string `json:"product,omitempty" jsonschema:"only purchases of this product: id, slug or exact name"`
	Since   string `json:"since,omitempty" jsonschema:"only purchases on or after this date, YYYY-MM-DD"`
	Limit   int    `json:"limit,omitempty" jsonschema:"purchases per page, 1-500 (default 50)"`
	Cursor  string `json:"cursor,omitempty" jsonschema:"next_cursor of the previous page"`
}

// PurchaseRef names a record a purchase points at.
type PurchaseRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// PurchaseOut is one purchase. packages × unit_price = total.
type PurchaseOut struct {
	ID              string           `json:"id"`
	PurchaseDate    string           `json:"purchase_date"`
	Product         PurchaseRef      `json:"product"`
	IngredientName  string           `json:"ingredient_name"`
	Supplier        PurchaseRef      `json:"supplier"`
	Packages        decimal.Decimal  `json:"packages"`
	PackageUnit     string           `json:"package_unit"`
	PackageQty      decimal.Decimal  `json:"package_unit_quantity"`
	UnitPrice       *decimal.Decimal `json:"unit_price"`
	Total           *decimal.Decimal `json:"total"`
	ReceiptImageURL string           `json:"receipt_image_url"`
	Notes           string           `json:"notes"`
	CreatedAt       time.Time        `json:"created_at"`
}

// ListPurchasesOutput is one page of purchases.
type ListPurchasesOutput struct {
	Purchases  []PurchaseOut `json:"purchases"`
	NextCursor string        `json:"next_cursor"`
}

// ListPurchases pages purchases, newest first.
func (t *Tools) ListPurchases(ctx context.Context, id identity.Identity, in ListPurchasesInput) (ListPurchasesOutput, error) {
	out := ListPurchasesOutput{Purchases: []PurchaseOut{}}
	limit, err := pageLimit(in.Limit)
	if err != nil {
		return out, err
	}
	p := queries.PurchaseListParams{TenantID: id.TenantID, RowLimit: limit + 1}
	if s := strings.TrimSpace(in.Since); s != "" {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			return out, Invalid("since", "%q is not a date; use YYYY-MM-DD", in.Since)
		}
		p.Since = &d
	}
	if in.Cursor != "" {
		c, err := decodeLotCursor(in.Cursor)
		if err != nil {
			return out, Invalid("cursor", "not a cursor from list_purchases; pass next_cursor unchanged, or omit it to start from the first page")
		}
		p.BeforeDate, p.BeforeCreated, p.BeforeID = &c.date, c.Created, c.ID
	}
	var rows []queries.PurchaseListRow
	err = t.readMaybeSeveral(ctx, id, strings.TrimSpace(in.Product) != "", func(q *queries.Queries) error {
		if strings.TrimSpace(in.Product) != "" {
			prod, err := resolveProductRef(ctx, q, id.TenantID, "product", in.Product)
			if err != nil {
				return err
			}
			p.ProductID = &prod.ID
		}
		var err error
		rows, err = q.PurchaseList(ctx, p)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("list purchases: %w", err)
	}
	if len(rows) > int(limit) {
		rows = rows[:limit]
		last := rows[len(rows)-1]
		// Same keyset shape as list_pantry's (date, created_at, id).
		out.NextCursor = encodeLotCursor(lotCursor{Date: last.PurchaseDate.Format("2006-01-02"), Created: last.CreatedAt, ID: last.ID})
	}
	for _, r := range rows {
		po := PurchaseOut{
			ID: r.ID.String(), PurchaseDate: r.PurchaseDate.Format("2006-01-02"),
			Product:        PurchaseRef{ID: r.ProductID.String(), Name: productLabel(r.Brand, r.ProductName, r.IngredientName)},
			IngredientName: r.IngredientName, Supplier: PurchaseRef{ID: r.SupplierID.String(), Name: r.SupplierName},
			Packages: r.QuantityPurchased, PackageUnit: r.PackageUnit, PackageQty: r.PackageUnitQuantity,
			UnitPrice: decOrNil(r.UnitPrice), ReceiptImageURL: textOf(r.ReceiptImageUrl), Notes: textOf(r.Notes),
			CreatedAt: r.CreatedAt,
		}
		if r.UnitPrice.Valid {
			total := r.UnitPrice.Decimal.Mul(r.QuantityPurchased).Round(2)
			po.Total = &total
		}
		out.Purchases = append(out.Purchases, po)
	}
	return out, nil
}
