// Package batchplan is the arithmetic of planning an event, with no
// database: how many batches of a recipe to bake for a number of items
// (choosing among the recipe's yields), and what a finished good or a gift
// package is made of once its bill of materials is multiplied out. The
// tools that read and store plans call it (tools/plan_event.go).
package batchplan

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
)

// Yield is one way a recipe's batch can come out: ItemsPerBatch items
// (a batch_portion unit of p % counts 100 ÷ p items).
type Yield struct {
	ID            string
	ItemsPerBatch decimal.Decimal
}

// Choice is the batches chosen for a need.
type Choice struct {
	Yield    Yield
	Batches  int64
	Produced decimal.Decimal
	Leftover decimal.Decimal
}

// Choose picks the batches for needed items among yields: batches =
// ceil(needed ÷ items per batch), so no option under-produces; among the
// options the one with the least leftover wins, then the fewest batches,
// then the order given (stable). ok is false when no yield is usable.
// Nothing needed is zero batches of the first usable yield.
func Choose(needed decimal.Decimal, yields []Yield) (Choice, bool) {
	var best Choice
	found := false
	for _, y := range yields {
		if !y.ItemsPerBatch.IsPositive() {
			continue
		}
		batches := decimal.Zero
		if needed.IsPositive() {
			batches = needed.Div(y.ItemsPerBatch).Ceil()
			// Div rounds to 16 places: 1 ÷ 3 × 3 can fall short of 1.
			if batches.Mul(y.ItemsPerBatch).LessThan(needed) {
				batches = batches.Add(decimal.NewFromInt(1))
			}
		}
		produced := batches.Mul(y.ItemsPerBatch)
		c := Choice{Yield: y, Batches: batches.IntPart(), Produced: produced, Leftover: produced.Sub(needed)}
		if !found || c.Leftover.LessThan(best.Leftover) ||
			(c.Leftover.Equal(best.Leftover) && c.Batches < best.Batches) {
			best, found = c, true
		}
	}
	return best, found
}

// Kinds of what a bill of materials line points at.
const (
	KindUnit     = "finished_unit"
	KindGood     = "finished_good"
	KindMaterial = "material"
)

// Line is one component of a finished good (or a package's content).
type Line struct {
	Kind     string
	ID       string
	Quantity decimal.Decimal
}

// BOMs maps a finished good's id to its components.
type BOMs map[string][]Line

// Need is what an explosion comes to, by id: items of finished units, base
// units of materials, and every finished good met on the way (the ones
// asked for and those nested in them).
type Need struct {
	Units     map[string]decimal.Decimal
	Materials map[string]decimal.Decimal
	Goods     map[string]decimal.Decimal
}

// Explode multiplies out demand (finished good id → quantity) through the
// BOMs down to finished units and materials, nested goods included.
// A cycle is an error (writes refuse one, so it means damaged data).
func Explode(boms BOMs, demand map[string]decimal.Decimal) (Need, error) {
	need := Need{Units: map[string]decimal.Decimal{}, Materials: map[string]decimal.Decimal{}, Goods: map[string]decimal.Decimal{}}
	var walk func(good string, qty decimal.Decimal, path []string) error
	walk = func(good string, qty decimal.Decimal, path []string) error {
		for _, p := range path {
			if p == good {
				return fmt.Errorf("finished good %s contains itself", good)
			}
		}
		path = append(path, good)
		need.Goods[good] = need.Goods[good].Add(qty)
		for _, l := range boms[good] {
			q := qty.Mul(l.Quantity)
			switch l.Kind {
			case KindUnit:
				need.Units[l.ID] = need.Units[l.ID].Add(q)
			case KindMaterial:
				need.Materials[l.ID] = need.Materials[l.ID].Add(q)
			case KindGood:
				if err := walk(l.ID, q, path); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, good := range sortedKeys(demand) {
		if err := walk(good, demand[good], nil); err != nil {
			return Need{}, err
		}
	}
	return need, nil
}

// CyclePath returns the chain by which good would come to contain itself if
// it had the components lines, or nil when it would not.
func CyclePath(boms BOMs, good string, lines []Line) []string {
	var find func(at string, path []string, seen map[string]bool) []string
	find = func(at string, path []string, seen map[string]bool) []string {
		if at == good {
			return append(path, at)
		}
		if seen[at] {
			return nil
		}
		seen[at] = true
		for _, l := range boms[at] {
			if l.Kind == KindGood {
				if p := find(l.ID, append(path, at), seen); p != nil {
					return p
				}
			}
		}
		return nil
	}
	for _, l := range lines {
		if l.Kind != KindGood {
			continue
		}
		if p := find(l.ID, []string{good}, map[string]bool{}); p != nil {
			return p
		}
	}
	return nil
}

func sortedKeys(m map[string]decimal.Decimal) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
