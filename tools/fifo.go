package tools

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/units"
)

// fifoLot is a pantry lot as FIFO sees it: quantity in its product's
// package unit and cost per that unit (unknown when not Valid).
type fifoLot struct {
	ID       uuid.UUID
	Quantity decimal.Decimal
	Unit     units.Unit
	UnitCost decimal.NullDecimal
}

// fifoTake is what one lot gives.
type fifoTake struct {
	LotID uuid.UUID
	// Taken is in the lot's unit; Remaining is what the lot keeps.
	Taken     decimal.Decimal
	Remaining decimal.Decimal
	// Cost is Taken × UnitCost; not Valid when the lot's cost is unknown.
	Cost decimal.NullDecimal
}

// fifoResult is an allocation of a need across lots, oldest first.
type fifoResult struct {
	Takes []fifoTake
	// Consumed and Shortfall are in the unit asked for.
	Consumed  decimal.Decimal
	Shortfall decimal.Decimal
	// Cost sums the takes whose cost is known; UnknownCost says some take
	// had none, so Cost is a lower bound.
	Cost        decimal.Decimal
	UnknownCost bool
}

// minLot is the quantity below which a lot counts as empty (the desktop's
// 0.001 rule).
var minLot = decimal.RequireFromString("0.001")

// allocateFIFO takes need (in unit) from lots in the order given, which must
// be first-in-first-out (purchase date, then creation, then id). Each lot's
// quantity is converted to the unit asked for (with density across weight and
// volume), the smaller of what is left and what is still needed is taken, and
// it is converted back. It changes nothing: callers write the takes or, for
// costing, only read them. A lot that cannot be converted is an error naming
// both units.
func allocateFIFO(lots []fifoLot, need decimal.Decimal, unit units.Unit, density *units.Density) (fifoResult, error) {
	res := fifoResult{Consumed: decimal.Zero, Shortfall: need, Cost: decimal.Zero}
	for _, lot := range lots {
		if !res.Shortfall.IsPositive() {
			break
		}
		if lot.Quantity.LessThan(minLot) {
			continue
		}
		available, err := units.Convert(lot.Quantity, lot.Unit, unit, density)
		if err != nil {
			return fifoResult{}, fmt.Errorf("lot %s in %s: %w", lot.ID, lot.Unit.Code, err)
		}
		take := decimal.Min(available, res.Shortfall)
		takenInLot := lot.Quantity
		if take.LessThan(available) {
			takenInLot, err = units.Convert(take, unit, lot.Unit, density)
			if err != nil {
				return fifoResult{}, fmt.Errorf("lot %s in %s: %w", lot.ID, lot.Unit.Code, err)
			}
			takenInLot = units.Round(takenInLot)
			if takenInLot.GreaterThan(lot.Quantity) {
				takenInLot = lot.Quantity
			}
		}
		t := fifoTake{LotID: lot.ID, Taken: takenInLot, Remaining: lot.Quantity.Sub(takenInLot)}
		if lot.UnitCost.Valid {
			t.Cost = decimal.NullDecimal{Decimal: takenInLot.Mul(lot.UnitCost.Decimal), Valid: true}
			res.Cost = res.Cost.Add(t.Cost.Decimal)
		} else {
			res.UnknownCost = true
		}
		res.Takes = append(res.Takes, t)
		res.Consumed = res.Consumed.Add(take)
		res.Shortfall = res.Shortfall.Sub(take)
	}
	if res.Shortfall.IsNegative() {
		res.Shortfall = decimal.Zero
	}
	return res, nil
}
