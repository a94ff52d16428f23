package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// pantryTools is the pantry toolset: purchases in, lots on the shelf, usage
// and corrections out.
func pantryTools() []ServerTool {
	return []ServerTool{
		storeAliasTool(),
		def(ToolsetPantry, Write, &mcp.Tool{Name: "add_purchase", Title: "Record a purchase",
			Description: "Record that something was bought: finds the product by barcode, id or name (or creates a provisional one flagged for review when nothing is close), " +
				"records one purchase and puts one pantry lot per package on the shelf. " +
				"A name that fits several products about equally records nothing and answers code ambiguous with candidates (brand, package, ingredient): repeat with the chosen id as item_name. " +
				`Example: {"item_name": "bread flour", "quantity": 2, "unit": "bag", "price": "11.98", "store": "Costco"}`}, (*Tools).AddPurchase),
		def(ToolsetPantry, Read, &mcp.Tool{Name: "list_purchases", Title: "List purchases",
			Description: "Purchases newest first, with product, store, packages, price per package and total. " +
				`Example: {"product": "bread flour", "since": "2026-01-01"}`}, (*Tools).ListPurchases),
		def(ToolsetPantry, Read, &mcp.Tool{Name: "list_pantry", Title: "List pantry lots",
			Description: "Pantry lots (one per package bought) oldest first, the order they are used in; optionally for one ingredient. " +
				`Example: {"ingredient": "all-purpose flour"}`}, (*Tools).ListPantry),
		def(ToolsetPantry, Read, &mcp.Tool{Name: "get_stock", Title: "Stock of an ingredient",
			Description: "How much of an ingredient is on hand across all its lots and products, in one unit (converted with the ingredient's density when needed). " +
				`Example: {"ingredient": "all-purpose flour", "unit": "cup"}`}, (*Tools).GetStock),
		def(ToolsetPantry, Destructive, &mcp.Tool{Name: "adjust_inventory", Title: "Set what is left of a lot",
			Description: "Set a pantry lot to a percentage of what it held when full (a look at the bag: \"about 30% left\"): remaining = percentage × the larger of one package and the lot's first amount, the same rule as a phone inventory scan. Logged as a correction; " +
				"raising a lot needs correction=true. " +
				`Example: {"pantry_item_id": "7f1c9a4e-2b1d-4c3e-9f00-5a6b7c8d9e0f", "percentage_remaining": 30}`}, (*Tools).AdjustInventory),
		def(ToolsetPantry, Consume, &mcp.Tool{Name: "record_usage", Title: "Record usage",
			Description: "Take an amount of an ingredient from the pantry, oldest lots first, with its cost. Refused, with the amount on hand, when there is not enough. " +
				`Example: {"ingredient": "butter", "quantity": 2, "unit": "cup", "reason": "gift", "notes": "for the neighbours"}`}, (*Tools).RecordUsage),
	}
}

// ListPantryInput filters and pages the pantry.
type ListPantryInput struct {
	Ingredient   string `json:"ingredient,omitempty" jsonschema:"only lots of this ingredient: id, slug or name"`
	IncludeEmpty bool   `json:"include_empty,omitempty" jsonschema:"also list used-up lots"`
	Limit        int    `json:"limit,omitempty" jsonschema:"lots per page, 1-500 (default 50)"`
	Cursor       string `json:"cursor,omitempty" jsonschema:"next_cursor of the previous page"`
}

// PantryLot is one lot: what is left of one package.
type PantryLot struct {
	ID                string           `json:"id"`
	ProductID         string           `json:"product_id"`
	ProductName       string           `json:"product_name"`
	Brand             string           `json:"brand"`
	IngredientID      string           `json:"ingredient_id"`
	IngredientName    string           `json:"ingredient_name"`
	Quantity          decimal.Decimal  `json:"quantity"`
	InitialQuantity   decimal.Decimal  `json:"initial_quantity"`
	Unit              string           `json:"unit"`
	PercentRemaining  decimal.Decimal  `json:"percent_remaining"`
	UnitCost          *decimal.Decimal `json:"unit_cost"`
	PurchaseID        string           `json:"purchase_id"`
	PurchaseDate      string           `json:"purchase_date"`
	DaysSincePurchase int              `json:"days_since_purchase"`
	Location          string           `json:"location"`
	Source            string           `json:"source"`
}

// ListPantryOutput is one page of lots.
type ListPantryOutput struct {
	Items      []PantryLot `json:"items"`
	NextCursor string      `json:"next_cursor"`
}

// ListPantry pages the pantry's lots in first-in-first-out order.
func (t *Tools) ListPantry(ctx context.Context, id identity.Identity, in ListPantryInput) (ListPantryOutput, error) {
	out := ListPantryOutput{Items: []PantryLot{}}
	limit, err := pageLimit(in.Limit)
	if err != nil {
		return out, err
	}
	p := queries.PantryItemListParams{TenantID: id.TenantID, IncludeEmpty: in.IncludeEmpty, RowLimit: limit + 1}
	if in.Cursor != "" {
		c, err := decodeLotCursor(in.Cursor)
		if err != nil {
			return out, err
		}
		p.AfterDate, p.AfterCreated, p.AfterOrdinal, p.AfterID = &c.date, c.Created, c.Ordinal, c.ID
	}
	var rows []queries.PantryItemListRow
	err = t.readMaybeSeveral(ctx, id, strings.TrimSpace(in.Ingredient) != "", func(q *queries.Queries) error {
		if strings.TrimSpace(in.Ingredient) != "" {
			ing, err := resolveIngredientRef(ctx, q, id.TenantID, "ingredient", in.Ingredient)
			if err != nil {
				return err
			}
			p.IngredientID = &ing.ID
		}
		var err error
		rows, err = q.PantryItemList(ctx, p)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("list pantry: %w", err)
	}
	if len(rows) > int(limit) {
		rows = rows[:limit]
		last := rows[len(rows)-1]
		out.NextCursor = encodeLotCursor(lotCursor{Date: last.PurchaseDate.Format("2006-01-02"), Created: last.CreatedAt, Ordinal: last.Ordinal, ID: last.ID})
	}
	today := t.today()
	for _, r := range rows {
		lot := PantryLot{
			ID: r.ID.String(), ProductID: r.ProductID.String(),
			ProductName: productLabel(r.Brand, r.ProductName, r.IngredientName), Brand: textOf(r.Brand),
			IngredientID: r.IngredientID.String(), IngredientName: r.IngredientName,
			Quantity: r.Quantity, InitialQuantity: r.InitialQuantity, Unit: r.PackageUnit,
			PercentRemaining: percentOf(r.Quantity, r.InitialQuantity), UnitCost: decOrNil(r.UnitCost),
			PurchaseDate: r.PurchaseDate.Format("2006-01-02"), DaysSincePurchase: int(today.Sub(r.PurchaseDate).Hours() / 24),
			Location: textOf(r.Location), Source: r.Source,
		}
		if r.PurchaseID != nil {
			lot.PurchaseID = r.PurchaseID.String()
		}
		out.Items = append(out.Items, lot)
	}
	return out, nil
}

// today is the current date at midnight UTC, how dates are compared.
func (t *Tools) today() time.Time {
	now := t.now()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

// percentOf is part as a percentage of whole, 1 place; 0 for an empty whole.
func percentOf(part, whole decimal.Decimal) decimal.Decimal {
	if !whole.IsPositive() {
		return decimal.Zero
	}
	return part.Mul(decimal.NewFromInt(100)).DivRound(whole, 1)
}

// GetStockInput asks how much of an ingredient is on hand.
type GetStockInput struct {
	Ingredient string `json:"ingredient" jsonschema:"the ingredient: id, slug or name"`
	Unit       string `json:"unit,omitempty" jsonschema:"unit for the total (default: the ingredient's default unit, else the oldest lot's unit)"`
}

// StockIngredient names the ingredient a stock answer is about.
type StockIngredient struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// StockLot is one lot counted in a stock total.
type StockLot struct {
	PantryItemID string          `json:"pantry_item_id"`
	ProductName  string          `json:"product_name"`
	Quantity     decimal.Decimal `json:"quantity"`
	LotUnit      string          `json:"lot_unit"`
	InUnit       decimal.Decimal `json:"quantity_in_unit"`
	PurchaseDate string          `json:"purchase_date"`
}

// Unconvertible is a lot left out of a total because its unit cannot be
// converted to the one asked for.
type Unconvertible struct {
	LotID    string          `json:"lot_id"`
	Quantity decimal.Decimal `json:"quantity"`
	Unit     string          `json:"unit"`
	Reason   string          `json:"reason"`
}

// GetStockOutput is an ingredient's stock in one unit.
type GetStockOutput struct {
	Ingredient    StockIngredient `json:"ingredient"`
	Unit          string          `json:"unit"`
	OnHand        decimal.Decimal `json:"on_hand"`
	Lots          []StockLot      `json:"lots"`
	Unconvertible []Unconvertible `json:"unconvertible"`
	// DensityUsed is the density lots in another kind of unit were
	// converted with, and where it came from.
	DensityUsed *DensityUsed `json:"density_used,omitempty"`
}

// GetStock totals an ingredient's remaining lots in one unit. Lots whose
// unit cannot be converted (no density, count against weight) are listed
// with the reason instead of failing the whole answer.
func (t *Tools) GetStock(ctx context.Context, id identity.Identity, in GetStockInput) (GetStockOutput, error) {
	out := GetStockOutput{OnHand: decimal.Zero, Lots: []StockLot{}, Unconvertible: []Unconvertible{}}
	var asked *units.Unit
	if strings.TrimSpace(in.Unit) != "" {
		u, err := units.Parse(in.Unit)
		if err != nil {
			return out, Invalid("unit", "%v", err)
		}
		asked = &u
	}
	var ing queries.Ingredient
	var rows []queries.PantryItemLotsForIngredientRow
	var ref densityRef
	err := t.snapshot(ctx, id, func(q *queries.Queries) error {
		var err error
		if ing, err = resolveIngredientRef(ctx, q, id.TenantID, "ingredient", in.Ingredient); err != nil {
			return err
		}
		if ref, err = ingredientDensityRef(ctx, q, ing); err != nil {
			return err
		}
		rows, err = q.PantryItemLotsForIngredient(ctx, queries.PantryItemLotsForIngredientParams{TenantID: id.TenantID, IngredientID: ing.ID})
		return err
	})
	if err != nil {
		return out, fmt.Errorf("get stock: %w", err)
	}
	out.Ingredient = StockIngredient{ID: ing.ID.String(), Slug: ing.Slug, Name: ing.DisplayName}
	if asked == nil && ing.DefaultUnit != nil {
		if u, err := units.Parse(*ing.DefaultUnit); err == nil {
			asked = &u
		}
	}
	if asked == nil && len(rows) > 0 {
		if u, err := units.Parse(rows[0].PackageUnit); err == nil {
			asked = &u
		}
	}
	if asked == nil {
		return out, nil // nothing on hand and no unit to say it in
	}
	out.Unit = asked.Code
	total := decimal.Zero
	for _, r := range rows {
		v, reason := convertLot(r.Quantity, r.PackageUnit, *asked, ref.d)
		if reason != "" {
			out.Unconvertible = append(out.Unconvertible, Unconvertible{LotID: r.ID.String(), Quantity: r.Quantity, Unit: r.PackageUnit, Reason: reason})
			continue
		}
		if from, err := units.Parse(r.PackageUnit); err == nil && out.DensityUsed == nil {
			out.DensityUsed = ref.usedFor(from, *asked)
		}
		total = total.Add(v)
		out.Lots = append(out.Lots, StockLot{
			PantryItemID: r.ID.String(), ProductName: productLabel(r.Brand, r.ProductName, ing.DisplayName),
			Quantity: r.Quantity, LotUnit: r.PackageUnit, InUnit: units.Round(v), PurchaseDate: r.PurchaseDate.Format("2006-01-02"),
		})
	}
	out.OnHand = units.Round(total)
	return out, nil
}

// convertLot converts a lot's quantity to unit, or says why it cannot.
func convertLot(q decimal.Decimal, lotUnit string, to units.Unit, density *units.Density) (decimal.Decimal, string) {
	from, err := units.Parse(lotUnit)
	if err != nil {
		return decimal.Zero, fmt.Sprintf("the product's package unit %q is not a unit of measure", lotUnit)
	}
	v, err := units.Convert(q, from, to, density)
	if err != nil {
		if errors.Is(err, units.ErrNeedsDensity) {
			return decimal.Zero, fmt.Sprintf("%s to %s needs the ingredient's density (set it on the ingredient)", from.Code, to.Code)
		}
		return decimal.Zero, err.Error()
	}
	return v, ""
}

// lotCursor is list_pantry's keyset position: the last lot's FIFO key.
type lotCursor struct {
	Date    string    `json:"d"`
	Created time.Time `json:"c"`
	Ordinal int32     `json:"o"`
	ID      uuid.UUID `json:"id"`
	date    time.Time
}

func encodeLotCursor(c lotCursor) string { return encodeCursor(c) }

func decodeLotCursor(s string) (lotCursor, error) {
	var date time.Time
	c, err := decodeCursor(s, "list_pantry", func(c lotCursor) bool {
		var perr error
		date, perr = time.Parse("2006-01-02", c.Date)
		return c.ID != uuid.Nil && perr == nil
	})
	c.date = date
	return c, err
}
