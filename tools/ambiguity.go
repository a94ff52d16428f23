package tools

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// clearMargin is how far a fuzzy match must lead every rival before a write
// may use it. "King Arthur flour" scores 0.74 against "King Arthur Flour
// bread" and 0.61 against "King Arthur All-Purpose Flour": 0.13 apart is
// not clearly one of them, so the caller chooses.
const clearMargin = 0.15

// maxCandidates bounds the candidates an ambiguous answer lists.
const maxCandidates = 5

// Candidate is one record an ambiguous name could mean, with what tells it
// apart from the others, so the caller can choose and repeat with its id.
type Candidate struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Kind is product, ingredient, recipe or event.
	Kind string `json:"kind"`
	// Detail tells candidates apart: brand, package size and ingredient for
	// a product; category and yield for a recipe; the date for an event.
	Detail     string  `json:"detail,omitempty"`
	Similarity float64 `json:"similarity"`
}

// fuzzyCand is a candidate scored against the caller's name.
type fuzzyCand struct {
	ID    string
	Score float64
	// Parent is the record ID belongs to (a product's ingredient), or "". A
	// candidate and its parent are one choice and never compete: buying
	// "granulated suger" means the Granulated Sugar ingredient whether its
	// name or its Domino product scored higher.
	Parent string
}

// oneChoice reports whether a and b lead to the same record.
func oneChoice(a, b fuzzyCand) bool {
	return a.ID == b.ID || (a.Parent != "" && a.Parent == b.ID) || (b.Parent != "" && b.Parent == a.ID)
}

// clearWinner is the one decision rule for writes that resolve a name by
// similarity (exact id, name, alias, slug and GTIN matches are decided
// before, and win outright). The best-scored candidate wins when it reaches
// threshold and leads every candidate that is another choice by at least
// clearMargin. Otherwise there is no winner: ambiguous is true when some
// candidate reached threshold (the caller must choose among rivals), false
// when nothing came close. rivals are the candidates to offer, best first.
func clearWinner(cands []fuzzyCand, threshold float64) (winner fuzzyCand, ok, ambiguous bool, rivals []fuzzyCand) {
	sorted := append([]fuzzyCand(nil), cands...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Score > sorted[j].Score })
	if len(sorted) == 0 || sorted[0].Score < threshold {
		return fuzzyCand{}, false, false, nil
	}
	best := sorted[0]
	for _, c := range sorted[1:] {
		if !oneChoice(best, c) && best.Score-c.Score < clearMargin-1e-9 {
			rivals = append(rivals, c)
		}
	}
	if len(rivals) == 0 {
		return best, true, false, nil
	}
	return fuzzyCand{}, false, true, append([]fuzzyCand{best}, rivals...)
}

// Ambiguous reports a name that could mean several records (409): nothing
// was written, and candidates says what each one is so the caller can
// repeat the call with the right id.
func Ambiguous(field, ref string, candidates []Candidate) *Error {
	names := make([]string, 0, len(candidates))
	for _, c := range candidates {
		n := fmt.Sprintf("%q", c.Name)
		if c.Detail != "" {
			n += " (" + c.Detail + ")"
		}
		names = append(names, n)
	}
	return &Error{
		Code: "ambiguous", Field: field, Status: http.StatusConflict, Candidates: candidates,
		Message: fmt.Sprintf("%q could mean %s; nothing was changed: repeat with the id of the one you mean",
			ref, strings.Join(names, " or ")),
	}
}
