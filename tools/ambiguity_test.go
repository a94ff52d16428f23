package tools

import "testing"

func TestClearWinner(t *testing.T) {
	cases := []struct {
		name          string
		cands         []fuzzyCand
		win           string
		ok, ambiguous bool
		rivals        int
	}{
		{"nothing", nil, "", false, false, 0},
		{"below threshold is no match, not ambiguous", []fuzzyCand{{ID: "a", Score: 0.49}, {ID: "b", Score: 0.48}}, "", false, false, 0},
		{"alone above threshold wins", []fuzzyCand{{ID: "a", Score: 0.6}}, "a", true, false, 0},
		{"clearly ahead wins", []fuzzyCand{{ID: "b", Score: 0.5}, {ID: "a", Score: 0.7}}, "a", true, false, 0},
		{"exactly the margin ahead wins", []fuzzyCand{{ID: "a", Score: 0.75}, {ID: "b", Score: 0.6}}, "a", true, false, 0},
		// The wrong bag: 0.74 and 0.61 are too close to call.
		{"close rival is ambiguous", []fuzzyCand{{ID: "bread", Score: 0.739}, {ID: "ap", Score: 0.607}}, "", false, true, 2},
		{"tie is ambiguous", []fuzzyCand{{ID: "a", Score: 0.6}, {ID: "b", Score: 0.6}}, "", false, true, 2},
		{"a rival below threshold still competes", []fuzzyCand{{ID: "a", Score: 0.55}, {ID: "b", Score: 0.45}}, "", false, true, 2},
		{"a product and its own ingredient are one choice",
			[]fuzzyCand{{ID: "sugar", Score: 0.70}, {ID: "domino", Parent: "sugar", Score: 0.65}}, "sugar", true, false, 0},
		{"two products of one ingredient compete",
			[]fuzzyCand{{ID: "p5", Parent: "flour", Score: 0.7}, {ID: "p25", Parent: "flour", Score: 0.7}}, "", false, true, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			win, ok, amb, rivals := clearWinner(c.cands, 0.5)
			if win.ID != c.win || ok != c.ok || amb != c.ambiguous || len(rivals) != c.rivals {
				t.Fatalf("clearWinner = %q ok=%v ambiguous=%v rivals=%v; want %q ok=%v ambiguous=%v %d rivals",
					win.ID, ok, amb, rivals, c.win, c.ok, c.ambiguous, c.rivals)
			}
			if amb && rivals[0].Score < rivals[len(rivals)-1].Score {
				t.Fatalf("rivals not best first: %v", rivals)
			}
		})
	}
}
