package tools

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools/batchplan"
)

// FinishedGoodLabelInput asks for a finished good's label.
type FinishedGoodLabelInput struct {
	FinishedGood string `json:"finished_good" jsonschema:"the finished good's id, slug or name"`
	Jurisdiction string `json:"jurisdiction,omitempty" jsonschema:"whose allergen list the statement names: us (default, the major 9) or eu (the 14 of Regulation 1169/2011)"`
}

// FinishedGoodLabelOutput is a finished good's label: the recipe label's
// statements over the good's bill of materials.
type FinishedGoodLabelOutput struct {
	FinishedGoodID   string `json:"finished_good_id"`
	FinishedGoodSlug string `json:"finished_good_slug"`
	FinishedGoodName string `json:"finished_good_name"`
	Jurisdiction     string `json:"jurisdiction"`
	// IngredientStatement lists the good's parts by descending weight, each
	// finished unit and nested good with its ingredients in parentheses.
	IngredientStatement string          `json:"ingredient_statement"`
	AllergenStatement   string          `json:"allergen_statement"`
	Allergens           []LabelAllergen `json:"allergens"`
	OtherAllergens      []string        `json:"other_allergens"`
	Unweighed           []string        `json:"unweighed"`
	// Packaging are the materials of the bill, which are not food and so
	// not in the ingredient statement.
	Packaging []string `json:"packaging"`
	// UnknownYield are finished units whose items per batch are unknown: their
	// ingredients are listed (and their allergens counted) but not weighed.
	UnknownYield []string     `json:"unknown_yield"`
	Entries      []LabelEntry `json:"entries"`
	Text         string       `json:"text"`
}

// maxGoodDepth bounds the walk through nested goods; writes refuse cycles,
// so this only guards against a damaged bill.
const maxGoodDepth = 10

// FinishedGoodLabel builds the label of a finished good from its bill of
// materials: each finished unit is its recipe for the batches its items
// take (items ÷ items per batch), nested goods are entries of their own,
// packaging is left out.
func (t *Tools) FinishedGoodLabel(ctx context.Context, id identity.Identity, in FinishedGoodLabelInput) (FinishedGoodLabelOutput, error) {
	j, err := labelJurisdiction(in.Jurisdiction)
	if err != nil {
		return FinishedGoodLabelOutput{}, err
	}
	var out FinishedGoodLabelOutput
	err = t.snapshot(ctx, id, func(q *queries.Queries) error {
		g, err := resolveFinishedGood(ctx, q, id.TenantID, "finished_good", in.FinishedGood)
		if err != nil {
			return err
		}
		w, err := newGoodWalk(ctx, q, id.TenantID)
		if err != nil {
			return err
		}
		if err := w.add(ctx, w.b.root, g.ID.String(), decimal.NewFromInt(1), 0); err != nil {
			return err
		}
		l := w.b.finish(j)
		out = FinishedGoodLabelOutput{
			FinishedGoodID: g.ID.String(), FinishedGoodSlug: g.Slug, FinishedGoodName: g.DisplayName, Jurisdiction: j,
			IngredientStatement: l.IngredientStatement, AllergenStatement: l.AllergenStatement, Allergens: l.Allergens,
			OtherAllergens: l.OtherAllergens, Unweighed: l.Unweighed, Entries: l.Entries,
			Packaging: w.packaging, UnknownYield: w.unknownYield,
		}
		out.Text = labelText(RecipeLabelOutput{RecipeName: g.DisplayName, IngredientStatement: l.IngredientStatement, AllergenStatement: l.AllergenStatement})
		return nil
	})
	return out, err
}

// goodWalk walks bills of materials into a label tree.
type goodWalk struct {
	q            *queries.Queries
	tenant       uuid.UUID
	b            *labelBuilder
	boms         map[string][]queries.FinishedGoodComponentsAllRow
	packaging    []string
	unknownYield []string
}

func newGoodWalk(ctx context.Context, q *queries.Queries, tenant uuid.UUID) (*goodWalk, error) {
	rows, err := q.FinishedGoodComponentsAll(ctx, queries.FinishedGoodComponentsAllParams{TenantID: tenant})
	if err != nil {
		return nil, fmt.Errorf("label bills of materials: %w", err)
	}
	w := &goodWalk{q: q, tenant: tenant, b: newLabelBuilder(), boms: map[string][]queries.FinishedGoodComponentsAllRow{},
		packaging: []string{}, unknownYield: []string{}}
	for _, r := range rows {
		w.boms[r.FinishedGoodID.String()] = append(w.boms[r.FinishedGoodID.String()], r)
	}
	return w, nil
}

// add puts count of good under node: its finished units as their recipes,
// its nested goods as groups, its materials on the packaging list.
func (w *goodWalk) add(ctx context.Context, node *labelNode, good string, count decimal.Decimal, depth int) error {
	if depth > maxGoodDepth {
		return Unprocessable("finished_good", "the bill of materials nests more than %d levels deep", maxGoodDepth)
	}
	for _, c := range w.boms[good] {
		l := bomLine(c)
		qty := c.Quantity.Mul(count)
		switch l.Kind {
		case batchplan.KindMaterial:
			if !containsString(w.packaging, c.ComponentName) {
				w.packaging = append(w.packaging, c.ComponentName)
			}
		case batchplan.KindGood:
			if err := w.add(ctx, node.group("good:"+l.ID, c.ComponentName), l.ID, qty, depth+1); err != nil {
				return err
			}
		default:
			if err := w.addUnit(ctx, node.group("unit:"+l.ID, c.ComponentName), *c.FinishedUnitID, qty); err != nil {
				return err
			}
		}
	}
	return nil
}

// addUnit puts items of a finished unit under node as its recipe's lines
// for items ÷ items per batch batches.
func (w *goodWalk) addUnit(ctx context.Context, node *labelNode, unit uuid.UUID, items decimal.Decimal) error {
	fus, err := w.q.FinishedUnitsByIDs(ctx, queries.FinishedUnitsByIDsParams{TenantID: w.tenant, Ids: []uuid.UUID{unit}})
	if err != nil || len(fus) != 1 {
		return fmt.Errorf("label finished unit %s: %w (found %d)", unit, err, len(fus))
	}
	fu := fus[0]
	batches, weighed := decimal.NewFromInt(1), true
	if per, ok := itemsPerBatch(fu.YieldMode, fu.ItemsPerBatch, fu.BatchPercentage); ok {
		batches = items.DivRound(per, 8)
	} else {
		weighed = false
		if !containsString(w.unknownYield, fu.DisplayName) {
			w.unknownYield = append(w.unknownYield, fu.DisplayName)
		}
	}
	lines, err := expandRecipe(ctx, w.q, w.tenant, fu.RecipeID, batches)
	if err != nil {
		return err
	}
	w.b.addLines(node, lines, weighed)
	return nil
}
