package tools

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools/batchplan"
	"github.com/baketracker/baketracker/units"
)

// record_assembly puts finished goods together: their bill of materials is
// taken from stock — finished units and goods by the runs that made them,
// oldest first (so each item carries its run's cost), materials from their
// lots first in first out — all or nothing.

// RecordAssemblyInput is record_assembly's arguments.
type RecordAssemblyInput struct {
	FinishedGood   string `json:"finished_good" jsonschema:"the finished good assembled (id, slug or name)"`
	Quantity       int    `json:"quantity" jsonschema:"how many were assembled, at least 1"`
	EventID        string `json:"event_id,omitempty" jsonschema:"the event they are for (id, slug or name)"`
	Notes          string `json:"notes,omitempty"`
	IdempotencyKey string `json:"idempotency_key,omitempty" jsonschema:"reuse the same key when retrying so the assembly is recorded once"`
}

// AssemblyTakeOut is what one source gave.
type AssemblyTakeOut struct {
	Kind     string           `json:"kind"`
	ID       string           `json:"id"`
	Name     string           `json:"name"`
	SourceID string           `json:"source_id"`
	Quantity decimal.Decimal  `json:"quantity"`
	Cost     *decimal.Decimal `json:"cost"`
}

// RecordAssemblyOutput is record_assembly's result.
type RecordAssemblyOutput struct {
	AssemblyRunID string            `json:"assembly_run_id"`
	FinishedGood  string            `json:"finished_good"`
	Quantity      int               `json:"quantity"`
	ComponentCost decimal.Decimal   `json:"component_cost"`
	CostComplete  bool              `json:"cost_complete"`
	CostPerItem   decimal.Decimal   `json:"cost_per_item"`
	OnHand        int32             `json:"on_hand"`
	Takes         []AssemblyTakeOut `json:"takes"`
	Message       string            `json:"message"`
}

// RecordAssembly records an assembly, all or nothing.
func (t *Tools) RecordAssembly(ctx context.Context, id identity.Identity, in RecordAssemblyInput) (RecordAssemblyOutput, error) {
	if in.Quantity < 1 || in.Quantity > maxItems {
		return RecordAssemblyOutput{}, Invalid("quantity", "must be 1 to %d (got %d)", maxItems, in.Quantity)
	}
	var out RecordAssemblyOutput
	err := t.write(ctx, id, func(q *queries.Queries) error {
		var err error
		out, err = idempotent(ctx, q, id.TenantID, in.IdempotencyKey, "record_assembly", in, func() (RecordAssemblyOutput, error) {
			return recordAssembly(ctx, q, id, in)
		})
		return err
	})
	return out, err
}

// assemblyTake is one source's part, written after the whole BOM is covered.
type assemblyTake struct {
	line   batchplan.Line
	name   string
	source uuid.UUID // production run, assembly run, material lot, or Nil for stock without a run
	left   decimal.Decimal
	qty    decimal.Decimal
	cost   decimal.NullDecimal
}

func recordAssembly(ctx context.Context, q *queries.Queries, id identity.Identity, in RecordAssemblyInput) (RecordAssemblyOutput, error) {
	tenant := id.TenantID
	fg, err := resolveFinishedGood(ctx, q, tenant, "finished_good", in.FinishedGood)
	if err != nil {
		return RecordAssemblyOutput{}, err
	}
	var event *uuid.UUID
	if strings.TrimSpace(in.EventID) != "" {
		ev, err := resolveEvent(ctx, q, tenant, in.EventID, false)
		if err != nil {
			return RecordAssemblyOutput{}, err
		}
		event = &ev.ID
	}
	comps, err := q.FinishedGoodComponentsAll(ctx, queries.FinishedGoodComponentsAllParams{TenantID: tenant})
	if err != nil {
		return RecordAssemblyOutput{}, fmt.Errorf("bill of materials: %w", err)
	}
	n := decimal.NewFromInt(int64(in.Quantity))
	var takes []assemblyTake
	var short []string
	type item struct {
		kind string
		id   uuid.UUID
	}
	stockAfter := map[item]int32{}
	// One line per component, so a component listed twice is taken once
	// for both and its stock is not counted twice.
	var lines []batchplan.Line
	names := map[item]string{}
	at := map[item]int{}
	for _, c := range comps {
		if c.FinishedGoodID != fg.ID {
			continue
		}
		l := bomLine(c)
		k := item{l.Kind, uuid.MustParse(l.ID)}
		if i, ok := at[k]; ok {
			lines[i].Quantity = lines[i].Quantity.Add(l.Quantity)
			continue
		}
		at[k], names[k] = len(lines), c.ComponentName
		lines = append(lines, l)
	}
	// Locked in one order (kind, then id) so assemblies sharing components
	// wait for each other instead of deadlocking.
	slices.SortFunc(lines, func(a, b batchplan.Line) int {
		if c := strings.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, l := range lines {
		name := names[item{l.Kind, uuid.MustParse(l.ID)}]
		need := units.Round(n.Mul(l.Quantity))
		var ts []assemblyTake
		var missing string
		switch l.Kind {
		case batchplan.KindMaterial:
			ts, missing, err = takeMaterial(ctx, q, tenant, l, name, need)
		default:
			var after int32
			ts, after, missing, err = takeItems(ctx, q, tenant, l, name, need)
			stockAfter[item{l.Kind, uuid.MustParse(l.ID)}] = after
		}
		if err != nil {
			return RecordAssemblyOutput{}, err
		}
		if missing != "" {
			short = append(short, missing)
			continue
		}
		takes = append(takes, ts...)
	}
	if len(short) > 0 {
		return RecordAssemblyOutput{}, Unprocessable("quantity", "not enough to assemble %d %s, so nothing was recorded: %s",
			in.Quantity, fg.DisplayName, strings.Join(short, "; "))
	}
	total, complete := decimal.Zero, true
	for _, tk := range takes {
		if tk.cost.Valid {
			total = total.Add(tk.cost.Decimal)
		} else {
			complete = false
		}
	}
	total = units.Round(total)
	perItem := total.DivRound(n, 6)
	run, err := q.AssemblyRunCreate(ctx, queries.AssemblyRunCreateParams{TenantID: tenant, FinishedGoodID: fg.ID, EventID: event,
		QuantityAssembled: clampInt32(in.Quantity), TotalComponentCost: total, CostComplete: complete, PerUnitCost: decimal.NewNullDecimal(perItem),
		Notes: textOrNil(in.Notes), CreatedBy: pantryUser(id.UserID)})
	if err != nil {
		return RecordAssemblyOutput{}, fmt.Errorf("create assembly run: %w", err)
	}
	out := RecordAssemblyOutput{AssemblyRunID: run.ID.String(), FinishedGood: fg.DisplayName, Quantity: in.Quantity, ComponentCost: total,
		CostComplete: complete, CostPerItem: perItem, Takes: []AssemblyTakeOut{}}
	for _, tk := range takes {
		if err := writeAssemblyTake(ctx, q, tenant, run.ID, tk); err != nil {
			return RecordAssemblyOutput{}, err
		}
		out.Takes = append(out.Takes, AssemblyTakeOut{Kind: tk.line.Kind, ID: tk.line.ID, Name: tk.name, SourceID: sourceID(tk.source), Quantity: tk.qty, Cost: decOrNil(tk.cost)})
	}
	for it, after := range stockAfter {
		if err := setItemStock(ctx, q, tenant, it.kind, it.id, after); err != nil {
			return RecordAssemblyOutput{}, err
		}
	}
	stock, err := q.FinishedGoodLock(ctx, queries.FinishedGoodLockParams{TenantID: tenant, ID: fg.ID})
	if err != nil {
		return RecordAssemblyOutput{}, fmt.Errorf("finished good stock: %w", err)
	}
	out.OnHand = stock.InventoryCount + clampInt32(in.Quantity)
	if err := q.FinishedGoodSetStock(ctx, queries.FinishedGoodSetStockParams{TenantID: tenant, ID: fg.ID, InventoryCount: out.OnHand}); err != nil {
		return RecordAssemblyOutput{}, fmt.Errorf("finished good stock: %w", err)
	}
	out.Message = fmt.Sprintf("Assembled %d %s from %d source(s); components cost %s (%s each); %d on hand.", in.Quantity, fg.DisplayName, len(out.Takes), total, perItem, out.OnHand)
	if !complete {
		out.Message += " Some components had no known cost, so the cost counts only the priced ones."
	}
	return out, nil
}

func sourceID(u uuid.UUID) string {
	if u == uuid.Nil {
		return ""
	}
	return u.String()
}

// takeItems takes need items of a finished unit or good: from the runs that
// made them, oldest first, then from stock no run accounts for (imported
// counts), at unknown cost. after is the item's stock afterwards.
func takeItems(ctx context.Context, q *queries.Queries, tenant uuid.UUID, l batchplan.Line, name string, need decimal.Decimal) ([]assemblyTake, int32, string, error) {
	if !need.Equal(need.Floor()) {
		return nil, 0, "", Unprocessable("quantity", "%s would need %s items, not a whole number; change the quantity or the bill of materials", name, need)
	}
	item := uuid.MustParse(l.ID)
	var stock int32
	type run struct {
		id   uuid.UUID
		left int32
		cost decimal.NullDecimal
	}
	var runs []run
	if l.Kind == batchplan.KindUnit {
		s, err := q.FinishedUnitLock(ctx, queries.FinishedUnitLockParams{TenantID: tenant, ID: item})
		if err != nil {
			return nil, 0, "", fmt.Errorf("lock finished unit: %w", err)
		}
		stock = s.InventoryCount
		rows, err := q.ProductionRunsLockForUnit(ctx, queries.ProductionRunsLockForUnitParams{TenantID: tenant, FinishedUnitID: item})
		if err != nil {
			return nil, 0, "", fmt.Errorf("lock production runs: %w", err)
		}
		for _, r := range rows {
			runs = append(runs, run{r.ID, r.RemainingItems, r.PerUnitCost})
		}
	} else {
		s, err := q.FinishedGoodLock(ctx, queries.FinishedGoodLockParams{TenantID: tenant, ID: item})
		if err != nil {
			return nil, 0, "", fmt.Errorf("lock finished good: %w", err)
		}
		stock = s.InventoryCount
		rows, err := q.AssemblyRunsLockForGood(ctx, queries.AssemblyRunsLockForGoodParams{TenantID: tenant, FinishedGoodID: item})
		if err != nil {
			return nil, 0, "", fmt.Errorf("lock assembly runs: %w", err)
		}
		for _, r := range rows {
			runs = append(runs, run{r.ID, r.RemainingItems, r.PerUnitCost})
		}
	}
	want := need.IntPart()
	if int64(stock) < want {
		return nil, 0, fmt.Sprintf("%s: need %d, have %d", name, want, stock), nil
	}
	var out []assemblyTake
	rest := want
	for _, r := range runs {
		if rest == 0 {
			break
		}
		take := min(rest, int64(r.left))
		qty := decimal.NewFromInt(take)
		tk := assemblyTake{line: l, name: name, source: r.id, left: decimal.NewFromInt(int64(r.left) - take), qty: qty}
		if r.cost.Valid {
			tk.cost = decimal.NewNullDecimal(units.Round(qty.Mul(r.cost.Decimal)))
		}
		out = append(out, tk)
		rest -= take
	}
	if rest > 0 {
		out = append(out, assemblyTake{line: l, name: name, qty: decimal.NewFromInt(rest)})
	}
	return out, stock - int32(want), "", nil //nolint:gosec // want ≤ stock, an int32
}

// takeMaterial takes need base units of a material from its lots, oldest first.
func takeMaterial(ctx context.Context, q *queries.Queries, tenant uuid.UUID, l batchplan.Line, name string, need decimal.Decimal) ([]assemblyTake, string, error) {
	rows, err := q.MaterialLotsLock(ctx, queries.MaterialLotsLockParams{TenantID: tenant, MaterialID: uuid.MustParse(l.ID)})
	if err != nil {
		return nil, "", fmt.Errorf("lock material lots: %w", err)
	}
	var out []assemblyTake
	rest := need
	have := decimal.Zero
	for _, r := range rows {
		have = have.Add(r.QuantityRemaining)
		if !rest.IsPositive() {
			continue
		}
		take := decimal.Min(rest, r.QuantityRemaining)
		tk := assemblyTake{line: l, name: name, source: r.ID, left: r.QuantityRemaining.Sub(take), qty: take}
		if r.CostPerUnit.Valid {
			tk.cost = decimal.NewNullDecimal(units.Round(take.Mul(r.CostPerUnit.Decimal)))
		}
		out = append(out, tk)
		rest = rest.Sub(take)
	}
	if rest.IsPositive() {
		return nil, fmt.Sprintf("%s: need %s, have %s", name, need, units.Round(have)), nil
	}
	return out, "", nil
}

// writeAssemblyTake records one take and what its source keeps.
func writeAssemblyTake(ctx context.Context, q *queries.Queries, tenant, run uuid.UUID, tk assemblyTake) error {
	item := uuid.MustParse(tk.line.ID)
	p := queries.AssemblyConsumptionCreateParams{TenantID: tenant, AssemblyRunID: run, Quantity: tk.qty, Cost: tk.cost}
	var src *uuid.UUID
	if tk.source != uuid.Nil {
		src = &tk.source
	}
	var err error
	switch tk.line.Kind {
	case batchplan.KindUnit:
		p.FinishedUnitID, p.ProductionRunID = &item, src
		if src != nil {
			err = q.ProductionRunSetRemaining(ctx, queries.ProductionRunSetRemainingParams{TenantID: tenant, ID: *src, RemainingItems: int32(tk.left.IntPart())}) //nolint:gosec // ≤ the run's int32 yield
		}
	case batchplan.KindGood:
		p.ComponentGoodID, p.SourceAssemblyRunID = &item, src
		if src != nil {
			err = q.AssemblyRunSetRemaining(ctx, queries.AssemblyRunSetRemainingParams{TenantID: tenant, ID: *src, RemainingItems: int32(tk.left.IntPart())}) //nolint:gosec // ≤ the run's int32 quantity
		}
	default:
		p.MaterialID, p.MaterialLotID = &item, src
		err = q.MaterialLotSetRemaining(ctx, queries.MaterialLotSetRemainingParams{TenantID: tenant, ID: tk.source, QuantityRemaining: tk.left})
	}
	if err != nil {
		return fmt.Errorf("update assembly source: %w", err)
	}
	if err := q.AssemblyConsumptionCreate(ctx, p); err != nil {
		return fmt.Errorf("assembly consumption: %w", err)
	}
	return nil
}

// setItemStock writes a finished unit's or good's stock after an assembly.
func setItemStock(ctx context.Context, q *queries.Queries, tenant uuid.UUID, kind string, item uuid.UUID, after int32) error {
	var err error
	if kind == batchplan.KindUnit {
		err = q.FinishedUnitSetStock(ctx, queries.FinishedUnitSetStockParams{TenantID: tenant, ID: item, InventoryCount: after})
	} else {
		err = q.FinishedGoodSetStock(ctx, queries.FinishedGoodSetStockParams{TenantID: tenant, ID: item, InventoryCount: after})
	}
	if err != nil {
		return fmt.Errorf("%s stock: %w", kind, err)
	}
	return nil
}
