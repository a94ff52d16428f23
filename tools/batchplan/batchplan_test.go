package batchplan

import (
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Hand-computed: 50 cookies from yields of 24 or 48. 24 → 3 batches, 72,
// 22 left; 48 → 2 batches, 96, 46 left. Least waste wins over fewest batches.
func TestChooseLeastWasteBeatsFewestBatches(t *testing.T) {
	c, ok := Choose(d("50"), []Yield{{"big", d("48")}, {"small", d("24")}})
	if !ok || c.Yield.ID != "small" || c.Batches != 3 || !c.Leftover.Equal(d("22")) || !c.Produced.Equal(d("72")) {
		t.Fatalf("got %+v, want 3 batches of small (72, 22 left)", c)
	}
}

// 48 cookies: 12 → 4 batches, 48 → 1 batch; both leave 0, so the fewest
// batches decides.
func TestChooseFewestBatchesBreaksAWasteTie(t *testing.T) {
	c, _ := Choose(d("48"), []Yield{{"dozen", d("12")}, {"full", d("48")}})
	if c.Yield.ID != "full" || c.Batches != 1 || !c.Leftover.IsZero() {
		t.Fatalf("got %+v, want 1 batch of full", c)
	}
}

func TestChooseNeverUnderProduces(t *testing.T) {
	// A third of a batch per item: 100 ÷ 33.3333 items per batch.
	c, _ := Choose(d("10"), []Yield{{"portion", d("3.3333")}})
	if c.Produced.LessThan(d("10")) || c.Batches != 4 {
		t.Fatalf("got %+v, want 4 batches and at least 10 items", c)
	}
	if _, ok := Choose(d("10"), []Yield{{"none", d("0")}}); ok {
		t.Fatal("a yield of 0 items was usable")
	}
	if c, _ := Choose(d("0"), []Yield{{"a", d("12")}}); c.Batches != 0 {
		t.Fatalf("nothing needed baked %d batches", c.Batches)
	}
}

// A gift box holds 2 tins and a ribbon; a tin holds 6 cookies and a box.
// 3 gift boxes → 36 cookies, 6 tin boxes, 3 ribbons.
func TestExplodeNestedGoods(t *testing.T) {
	boms := BOMs{
		"gift": {{KindGood, "tin", d("2")}, {KindMaterial, "ribbon", d("1")}},
		"tin":  {{KindUnit, "cookie", d("6")}, {KindMaterial, "tinbox", d("1")}},
	}
	n, err := Explode(boms, map[string]decimal.Decimal{"gift": d("3")})
	if err != nil {
		t.Fatal(err)
	}
	if !n.Units["cookie"].Equal(d("36")) || !n.Materials["tinbox"].Equal(d("6")) || !n.Materials["ribbon"].Equal(d("3")) ||
		!n.Goods["tin"].Equal(d("6")) || !n.Goods["gift"].Equal(d("3")) {
		t.Fatalf("got %+v", n)
	}
	boms["tin"] = append(boms["tin"], Line{KindGood, "gift", d("1")})
	if _, err := Explode(boms, map[string]decimal.Decimal{"gift": d("1")}); err == nil {
		t.Fatal("a cycle exploded without error")
	}
}

func TestCyclePath(t *testing.T) {
	boms := BOMs{"a": {{KindGood, "b", d("1")}}, "b": {{KindGood, "c", d("1")}}}
	if p := CyclePath(boms, "c", []Line{{KindGood, "a", d("1")}}); !reflect.DeepEqual(p, []string{"c", "a", "b", "c"}) {
		t.Fatalf("path %v", p)
	}
	if p := CyclePath(boms, "d", []Line{{KindGood, "a", d("1")}}); p != nil {
		t.Fatalf("no cycle, got %v", p)
	}
}
