package tools

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

func planningTools() []ServerTool {
	return []ServerTool{
		def(ToolsetShopping, Read, &mcp.Tool{
			Name:  "shopping_list",
			Title: "Shopping list for an event",
			Description: "What to buy for an event: every planned recipe × its batches (nested components included), summed per ingredient, " +
				"minus what the pantry holds, with a suggested product, packages to buy and an estimated cost. " +
				"Lines that cannot be combined or converted say why (status needs_density, unconvertible, no_product). " +
				`Example: {"event_id": "holiday-open-house-2026"}`,
		}, (*Tools).ShoppingList),
	}
}

// Shopping line statuses.
const (
	shopOK            = "ok"
	shopCovered       = "covered"
	shopNeedsDensity  = "needs_density"
	shopUnconvertible = "unconvertible"
	shopNoProduct     = "no_product"
)

// Where an estimated cost comes from.
const (
	shopCostLastPurchase = "last purchase"
	shopCostLotCost      = "lot cost"
	shopCostUnknown      = "unknown"
)

// ShoppingListInput is shopping_list's arguments.
type ShoppingListInput struct {
	EventID string `json:"event_id" jsonschema:"the event's id, slug or name"`
}

// SuggestedProductOut is the product a shopping line suggests buying.
type SuggestedProductOut struct {
	ID                  string          `json:"id"`
	Name                string          `json:"name"`
	Brand               string          `json:"brand"`
	PackageUnit         string          `json:"package_unit"`
	PackageUnitQuantity decimal.Decimal `json:"package_unit_quantity"`
}

// ShoppingLineOut is one ingredient (in one unit) to buy.
type ShoppingLineOut struct {
	IngredientID     string               `json:"ingredient_id"`
	IngredientName   string               `json:"ingredient_name"`
	Needed           decimal.Decimal      `json:"needed"`
	OnHand           decimal.Decimal      `json:"on_hand"`
	ToBuy            decimal.Decimal      `json:"to_buy"`
	Unit             string               `json:"unit"`
	SuggestedProduct *SuggestedProductOut `json:"suggested_product"`
	// PackagesToBuy is 0 when nothing is to buy or no package count can be worked out (see status).
	PackagesToBuy int64 `json:"packages_to_buy"`
	// EstimatedCost is null when unknown (cost_basis "unknown").
	EstimatedCost *decimal.Decimal `json:"estimated_cost"`
	CostBasis     string           `json:"cost_basis"`
	Status        string           `json:"status"`
	Message       string           `json:"message"`
	// DensityUsed is the density the need, the stock or the package was
	// converted with (volume↔weight), and where it came from.
	DensityUsed *DensityUsed `json:"density_used,omitempty"`
}

// ShoppingListOutput is shopping_list's result.
type ShoppingListOutput struct {
	EventID        string            `json:"event_id"`
	EventName      string            `json:"event_name"`
	Lines          []ShoppingLineOut `json:"lines"`
	EstimatedTotal decimal.Decimal   `json:"estimated_total"`
	// Complete is true when every line is ok or covered and every cost is
	// known, so estimated_total is the whole bill.
	Complete bool   `json:"complete"`
	Message  string `json:"message"`
}

// ShoppingList works out what to buy for an event. Everything is read in
// one snapshot so needs, stock and prices agree.
func (t *Tools) ShoppingList(ctx context.Context, id identity.Identity, in ShoppingListInput) (ShoppingListOutput, error) {
	var out ShoppingListOutput
	err := t.snapshot(ctx, id, func(q *queries.Queries) error {
		ev, err := resolveEvent(ctx, q, id.TenantID, in.EventID, false)
		if err != nil {
			return err
		}
		recipes, err := q.EventRecipeList(ctx, queries.EventRecipeListParams{TenantID: id.TenantID, EventID: ev.ID})
		if err != nil {
			return fmt.Errorf("shopping list: event recipes: %w", err)
		}
		planned := make([]plannedBatches, len(recipes))
		for i, r := range recipes {
			planned[i] = plannedBatches{RecipeID: r.RecipeID, Batches: r.Batches}
		}
		out, err = shoppingFor(ctx, q, id.TenantID, ev, planned)
		return err
	})
	return out, err
}

// plannedBatches is a recipe and the batches to bake of it.
type plannedBatches struct {
	RecipeID uuid.UUID
	Batches  decimal.Decimal
}

// shoppingFor works out what to buy for planned batches (shopping_list and
// plan_event share it); q should read one snapshot.
func shoppingFor(ctx context.Context, q *queries.Queries, tenant uuid.UUID, ev queries.Event, planned []plannedBatches) (ShoppingListOutput, error) {
	var all []expandedLine
	for _, r := range planned {
		lines, err := expandRecipe(ctx, q, tenant, r.RecipeID, r.Batches)
		if err != nil {
			return ShoppingListOutput{}, fmt.Errorf("shopping list: %w", err)
		}
		all = append(all, lines...)
	}
	needs := aggregateLines(all)
	var ids []uuid.UUID
	seen := map[uuid.UUID]bool{}
	for _, n := range needs {
		if !seen[n.IngredientID] {
			seen[n.IngredientID] = true
			ids = append(ids, n.IngredientID)
		}
	}
	products, err := q.ShoppingProducts(ctx, queries.ShoppingProductsParams{TenantID: tenant, IngredientIds: ids})
	if err != nil {
		return ShoppingListOutput{}, fmt.Errorf("shopping list: products: %w", err)
	}
	lots, err := q.ShoppingLots(ctx, queries.ShoppingLotsParams{TenantID: tenant, IngredientIds: ids})
	if err != nil {
		return ShoppingListOutput{}, fmt.Errorf("shopping list: lots: %w", err)
	}
	return buildShoppingList(ev, len(planned), needs, products, lots), nil
}

// buildShoppingList groups needs per ingredient and prices them. It is pure:
// the reads happen in ShoppingList.
func buildShoppingList(ev queries.Event, recipeCount int, needs []expandedLine, products []queries.ShoppingProductsRow, lots []queries.ShoppingLotsRow) ShoppingListOutput {
	out := ShoppingListOutput{EventID: ev.ID.String(), EventName: ev.Name, Lines: []ShoppingLineOut{}, EstimatedTotal: decimal.Zero, Complete: true}
	byIngredient := map[uuid.UUID][]expandedLine{}
	var order []uuid.UUID
	for _, n := range needs {
		if _, ok := byIngredient[n.IngredientID]; !ok {
			order = append(order, n.IngredientID)
		}
		byIngredient[n.IngredientID] = append(byIngredient[n.IngredientID], n)
	}
	productsOf := map[uuid.UUID][]queries.ShoppingProductsRow{}
	for _, p := range products {
		productsOf[p.IngredientID] = append(productsOf[p.IngredientID], p)
	}
	lotsOf := map[uuid.UUID][]queries.ShoppingLotsRow{}
	for _, l := range lots {
		lotsOf[l.IngredientID] = append(lotsOf[l.IngredientID], l)
	}
	for _, ing := range order {
		out.Lines = append(out.Lines, ingredientLines(byIngredient[ing], productsOf[ing], lotsOf[ing])...)
	}
	// Lines by ingredient name; an ingredient's main line stays before the
	// lines that could not be combined with it.
	sort.SliceStable(out.Lines, func(i, j int) bool {
		return NameKey(out.Lines[i].IngredientName) < NameKey(out.Lines[j].IngredientName)
	})
	problems := 0
	for _, l := range out.Lines {
		if l.EstimatedCost != nil {
			out.EstimatedTotal = out.EstimatedTotal.Add(*l.EstimatedCost)
		}
		if (l.Status != shopOK && l.Status != shopCovered) || (l.Status == shopOK && l.EstimatedCost == nil) {
			out.Complete = false
			problems++
		}
	}
	out.EstimatedTotal = units.Round(out.EstimatedTotal)
	switch {
	case recipeCount == 0:
		out.Message = fmt.Sprintf("Event %q has no recipes planned; add some with add_event_recipe.", ev.Name)
	case out.Complete:
		out.Message = fmt.Sprintf("%d %s for %d %s; estimated total %s.", len(out.Lines), plural(len(out.Lines), "ingredient line", "ingredient lines"),
			recipeCount, plural(recipeCount, "recipe", "recipes"), out.EstimatedTotal)
	default:
		out.Message = fmt.Sprintf("%d %s for %d %s; %d %s need attention (see status and message), so estimated total %s is incomplete.",
			len(out.Lines), plural(len(out.Lines), "ingredient line", "ingredient lines"), recipeCount, plural(recipeCount, "recipe", "recipes"),
			problems, plural(problems, "line", "lines"), out.EstimatedTotal)
	}
	return out
}

// shopNeed is one need of an ingredient in one unit.
type shopNeed struct {
	line expandedLine
	unit units.Unit
	// why the need could not join the ingredient's main line
	apart error
}

// ingredientLines turns one ingredient's needs into shopping lines. All
// needs that convert to one unit (the suggested product's package unit when
// any need converts to it, else the first need's unit) make the main line;
// needs that cannot be converted to it (no density, count vs weight, an
// unknown unit) get lines of their own, each saying why. Never an error.
func ingredientLines(needs []expandedLine, products []queries.ShoppingProductsRow, lots []queries.ShoppingLotsRow) []ShoppingLineOut {
	// products arrive best first: preferred, then most recently bought.
	var product *queries.ShoppingProductsRow
	for i := range products {
		if !products[i].IsHidden {
			product = &products[i]
			break
		}
	}
	var pending []shopNeed
	var out []ShoppingLineOut
	for _, n := range needs {
		u, err := units.Parse(n.Unit)
		if err != nil {
			out = append(out, unknownUnitLine(n, product, err))
			continue
		}
		pending = append(pending, shopNeed{line: n, unit: u})
	}
	first := true
	for len(pending) > 0 {
		target := pending[0].unit
		if first && product != nil {
			if pu, err := units.Parse(product.PackageUnit); err == nil {
				for _, n := range pending {
					if _, err := units.Convert(n.line.Quantity, n.unit, pu, n.line.Density); err == nil {
						target = pu
						break
					}
				}
			}
		}
		needed := decimal.Zero
		var rest []shopNeed
		var apart error
		for _, n := range pending {
			q, err := units.Convert(n.line.Quantity, n.unit, target, n.line.Density)
			if err != nil {
				if first {
					n.apart = err
				}
				rest = append(rest, n)
				continue
			}
			needed = needed.Add(q)
			if apart == nil {
				apart = n.apart
			}
		}
		out = append(out, shoppingLine(pending[0].line, needed, target, product, lots, apart))
		pending, first = rest, false
	}
	return out
}

// shoppingLine builds one line: needed (in unit) against the stock that
// converts to unit, then packages and cost of the product. apart is why
// these needs could not join the ingredient's main line (nil for it).
func shoppingLine(n expandedLine, needed decimal.Decimal, unit units.Unit, product *queries.ShoppingProductsRow, lots []queries.ShoppingLotsRow, apart error) ShoppingLineOut {
	onHand := decimal.Zero
	ignored := map[string]bool{}
	var lotErr error
	for _, l := range lots {
		lu, err := units.Parse(l.PackageUnit)
		if err == nil {
			var q decimal.Decimal
			if q, err = units.Convert(l.Quantity, lu, unit, n.Density); err == nil {
				onHand = onHand.Add(q)
				continue
			}
		}
		ignored[l.PackageUnit] = true
		if lotErr == nil {
			lotErr = err
		}
	}
	toBuy := decimal.Max(decimal.Zero, needed.Sub(onHand))
	line := ShoppingLineOut{
		IngredientID: n.IngredientID.String(), IngredientName: n.IngredientName, Unit: unit.Code,
		Needed: units.Round(needed), OnHand: units.Round(onHand), ToBuy: units.Round(toBuy), CostBasis: shopCostUnknown,
	}
	var msgs []string
	if product != nil {
		line.SuggestedProduct = suggestedProduct(product)
	}
	switch {
	case !line.ToBuy.IsPositive():
		line.Status = shopCovered
		nothing := decimal.Zero
		line.EstimatedCost = &nothing
		msgs = append(msgs, "what the pantry holds covers this; nothing to buy")
	case apart != nil:
		line.Status = conversionStatus(apart)
		msgs = append(msgs, fmt.Sprintf("listed apart from the ingredient's other line: %v%s", apart, densityHint(apart, n.IngredientName)))
	case product == nil:
		line.Status = shopNoProduct
		msgs = append(msgs, fmt.Sprintf("no product is recorded for %s; record a purchase or add a product to get packages and a price", n.IngredientName))
	default:
		line.Status, line.PackagesToBuy, line.EstimatedCost, line.CostBasis, msgs = priceLine(n, toBuy, unit, product)
	}
	if len(ignored) > 0 {
		us := make([]string, 0, len(ignored))
		for u := range ignored {
			us = append(us, u)
		}
		sort.Strings(us)
		msgs = append(msgs, fmt.Sprintf("stock held in %s is not counted here (%v)", strings.Join(us, ", "), lotErr))
	}
	line.Message = strings.Join(msgs, "; ")
	line.DensityUsed = shoppingDensity(n, unit, product, lots)
	return line
}

// shoppingDensity is the density a line's conversions crossed volume and
// weight with: the recipe's unit, the lots' or the package's against unit.
func shoppingDensity(n expandedLine, unit units.Unit, product *queries.ShoppingProductsRow, lots []queries.ShoppingLotsRow) *DensityUsed {
	codes := []string{n.Unit}
	for _, l := range lots {
		codes = append(codes, l.PackageUnit)
	}
	if product != nil {
		codes = append(codes, product.PackageUnit)
	}
	for _, c := range codes {
		if u, err := units.Parse(c); err == nil {
			if used := n.DensityRef.usedFor(u, unit); used != nil {
				return used
			}
		}
	}
	return nil
}

// priceLine works out packages and cost of buying toBuy (in unit) as the
// product's packages.
func priceLine(n expandedLine, toBuy decimal.Decimal, unit units.Unit, p *queries.ShoppingProductsRow) (status string, packages int64, cost *decimal.Decimal, basis string, msgs []string) {
	basis = shopCostUnknown
	pu, err := units.Parse(p.PackageUnit)
	if err == nil {
		var inPkgUnit decimal.Decimal
		if inPkgUnit, err = units.Convert(toBuy, unit, pu, n.Density); err == nil {
			// Rounded before dividing so conversion dust (1.000000000001)
			// does not buy a whole extra package.
			packages = units.Round(inPkgUnit).DivRound(p.PackageUnitQuantity, units.Precision).Ceil().IntPart()
		}
	}
	if err != nil {
		return conversionStatus(err), 0, nil, basis, []string{fmt.Sprintf("cannot count packages of %s: %v%s", productName(p), err, densityHint(err, n.IngredientName))}
	}
	pkgs := decimal.NewFromInt(packages)
	switch {
	case p.LastUnitPrice.Valid:
		c := units.Round(pkgs.Mul(p.LastUnitPrice.Decimal))
		cost, basis = &c, shopCostLastPurchase
	case p.LotUnitCost.Valid:
		c := units.Round(pkgs.Mul(p.PackageUnitQuantity).Mul(p.LotUnitCost.Decimal))
		cost, basis = &c, shopCostLotCost
	}
	msg := fmt.Sprintf("buy %d × %s", packages, productName(p)) // the name carries the package size
	if basis == shopCostUnknown {
		msg += "; no price is known for it yet"
	}
	return shopOK, packages, cost, basis, []string{msg}
}

func unknownUnitLine(n expandedLine, product *queries.ShoppingProductsRow, err error) ShoppingLineOut {
	l := ShoppingLineOut{
		IngredientID: n.IngredientID.String(), IngredientName: n.IngredientName, Unit: n.Unit,
		Needed: units.Round(n.Quantity), OnHand: decimal.Zero, ToBuy: units.Round(n.Quantity),
		CostBasis: shopCostUnknown, Status: shopUnconvertible,
		Message: fmt.Sprintf("the recipe line's unit cannot be used: %v; fix the recipe (%s)", err, strings.Join(n.Path, " → ")),
	}
	if product != nil {
		l.SuggestedProduct = suggestedProduct(product)
	}
	return l
}

func suggestedProduct(p *queries.ShoppingProductsRow) *SuggestedProductOut {
	s := &SuggestedProductOut{ID: p.ID.String(), Name: productName(p), PackageUnit: p.PackageUnit, PackageUnitQuantity: p.PackageUnitQuantity}
	if p.Brand != nil {
		s.Brand = *p.Brand
	}
	return s
}

func productName(p *queries.ShoppingProductsRow) string {
	return ProductLabel(p.Brand, p.ProductName, p.IngredientName, p.PackageUnitQuantity, p.PackageUnit)
}

func conversionStatus(err error) string {
	if errors.Is(err, units.ErrNeedsDensity) {
		return shopNeedsDensity
	}
	return shopUnconvertible
}

func densityHint(err error, ingredient string) string {
	if errors.Is(err, units.ErrNeedsDensity) {
		return fmt.Sprintf(" — give %s a density (for example 1 cup = 120 g) so volume and weight combine", ingredient)
	}
	return ""
}
