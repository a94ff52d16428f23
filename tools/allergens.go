package tools

import (
	"slices"
	"strings"
)

// Allergen is one flag an ingredient can carry, with the jurisdictions
// whose labelling law names it.
//
// US: the nine major food allergens of FALCPA (2004) as amended by the
// FASTER Act (2021, sesame): milk, eggs, fish, crustacean shellfish, tree
// nuts, peanuts, wheat, soybeans, sesame.
// EU: the fourteen of Regulation (EU) No 1169/2011, Annex II: cereals
// containing gluten, crustaceans, eggs, fish, peanuts, soybeans, milk, nuts,
// celery, mustard, sesame seeds, sulphur dioxide and sulphites (over
// 10 mg/kg), lupin, molluscs.
//
// Wheat is its own code because the US names it; the EU's "cereals
// containing gluten" is wheat plus the gluten code (rye, barley, oats,
// spelt, kamut), so flagging wheat is enough for both.
type Allergen struct {
	Code string
	// US and EU are the statement names, empty where that law does not
	// list the allergen.
	US string
	EU string
}

// Allergens is the one list, in the order a statement lists them.
var Allergens = []Allergen{
	{"wheat", "Wheat", "Cereals containing gluten (wheat)"},
	{"gluten", "", "Cereals containing gluten (rye, barley, oats, spelt)"},
	{"milk", "Milk", "Milk"},
	{"eggs", "Eggs", "Eggs"},
	{"fish", "Fish", "Fish"},
	{"crustaceans", "Crustacean Shellfish", "Crustaceans"},
	{"molluscs", "", "Molluscs"},
	{"tree_nuts", "Tree Nuts", "Nuts"},
	{"peanuts", "Peanuts", "Peanuts"},
	{"soy", "Soy", "Soybeans"},
	{"sesame", "Sesame", "Sesame seeds"},
	{"celery", "", "Celery"},
	{"mustard", "", "Mustard"},
	{"lupin", "", "Lupin"},
	{"sulphites", "", "Sulphur dioxide and sulphites"},
}

// allergenAliases are spellings a person or a model may use.
var allergenAliases = map[string]string{
	"egg": "eggs", "dairy": "milk", "soya": "soy", "soybeans": "soy", "soybean": "soy",
	"tree nuts": "tree_nuts", "nuts": "tree_nuts", "tree nut": "tree_nuts", "peanut": "peanuts",
	"shellfish": "crustaceans", "crustacean shellfish": "crustaceans", "crustacean": "crustaceans",
	"mollusc": "molluscs", "mollusks": "molluscs", "sulfites": "sulphites", "sulphur dioxide": "sulphites",
	"sesame seeds": "sesame",
}

// allergenCodes lists the accepted codes for messages.
func allergenCodes() string {
	codes := make([]string, len(Allergens))
	for i, a := range Allergens {
		codes[i] = a.Code
	}
	return strings.Join(codes, ", ")
}

// checkAllergens normalises a list of allergen codes (aliases accepted,
// duplicates dropped) into the list's order, or names the unknown one.
func checkAllergens(field string, in []string) ([]string, error) {
	seen := map[string]bool{}
	for i, raw := range in {
		code, ok := AllergenCode(raw)
		if !ok {
			return nil, Invalid(field, "%s[%d] %q is not an allergen code; accepted: %s", field, i, Shorten(raw), allergenCodes())
		}
		seen[code] = true
	}
	return orderedAllergens(seen), nil
}

// AllergenCode is the code of an allergen as a person or a file writes it
// ("Tree nuts", "soya", "dairy"), or false when it is none of Allergens.
// The importer reads a file's allergens through it.
func AllergenCode(raw string) (string, bool) {
	code := strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(raw, "_", " "))), " ")
	if a, ok := allergenAliases[code]; ok {
		code = a
	}
	code = strings.ReplaceAll(code, " ", "_")
	return code, slices.ContainsFunc(Allergens, func(a Allergen) bool { return a.Code == code })
}

// AllergenList orders a set of codes as Allergens lists them (the order
// they are stored in).
func AllergenList(codes []string) []string {
	seen := map[string]bool{}
	for _, c := range codes {
		seen[c] = true
	}
	return orderedAllergens(seen)
}

func orderedAllergens(seen map[string]bool) []string {
	out := []string{}
	for _, a := range Allergens {
		if seen[a.Code] {
			out = append(out, a.Code)
		}
	}
	return out
}

// Jurisdictions of an allergen statement.
const (
	jurisdictionUS = "us"
	jurisdictionEU = "eu"
)

// allergenStatement is "Contains: Wheat, Milk, Eggs" for the codes present,
// in the list's order, naming only what the jurisdiction's law lists; the
// other flags come back apart so nothing flagged is silently dropped.
func allergenStatement(codes map[string]bool, jurisdiction string) (statement string, named, others []string) {
	named, others = []string{}, []string{}
	for _, a := range Allergens {
		if !codes[a.Code] {
			continue
		}
		name := a.US
		if jurisdiction == jurisdictionEU {
			name = a.EU
		}
		if name == "" {
			others = append(others, a.Code)
			continue
		}
		named = append(named, name)
	}
	if len(named) == 0 {
		return "", named, others
	}
	return "Contains: " + strings.Join(named, ", "), named, others
}
