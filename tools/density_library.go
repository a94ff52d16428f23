package tools

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/identity"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/units"
)

// Where a conversion's density came from.
const (
	densityFromLibrary    = "library"    // an entry of the density library the ingredient adopted
	densityFromIngredient = "ingredient" // the ingredient's own density
	densityFromNone       = "none"       // no density: volume and weight do not convert
)

// DensityUsed says which density a volume↔weight conversion used and where
// it came from, so a cost or a percentage built on a guessed cup can be
// traced. Every result that converts between volume and weight carries it.
type DensityUsed struct {
	// From is library, ingredient or none.
	From string `json:"from"`
	// Density is the density as written ("1 cup = 120 g") and GramsPerML
	// the same as a number.
	Density    string           `json:"density,omitempty"`
	GramsPerML *decimal.Decimal `json:"grams_per_ml,omitempty"`
	// The library entry, its measuring method and its publication.
	LibraryEntry string `json:"library_entry,omitempty"`
	Method       string `json:"method,omitempty"`
	Source       string `json:"source,omitempty"`
	SourceURL    string `json:"source_url,omitempty"`
}

// densityRef is an ingredient's density with its provenance: the value
// every conversion of that ingredient uses (through units.Convert, the one
// arithmetic) and the DensityUsed that its result reports.
type densityRef struct {
	d    *units.Density
	used DensityUsed
}

// densityRefOf builds a densityRef from an ingredient's four density
// columns and the library entry it adopted (nil for its own or none).
func densityRefOf(vv decimal.NullDecimal, vu *string, wv decimal.NullDecimal, wu *string, lib *queries.DensityLibrary) densityRef {
	d := densityOf(vv, vu, wv, wu)
	if d == nil {
		return densityRef{used: DensityUsed{From: densityFromNone}}
	}
	gpm := gramsPerML(d)
	r := densityRef{d: d, used: DensityUsed{From: densityFromIngredient, Density: densityText(d), GramsPerML: &gpm}}
	if lib != nil {
		r.used.From, r.used.LibraryEntry, r.used.Method, r.used.Source, r.used.SourceURL =
			densityFromLibrary, lib.ID, lib.Method, lib.Source, lib.SourceUrl
	}
	return r
}

// densityRefOfRow is densityRefOf for an expanded recipe line, whose query
// joined the library entry.
func densityRefOfRow(r queries.RecipeExpandRow) densityRef {
	var lib *queries.DensityLibrary
	if r.DensityLibraryID != nil {
		lib = &queries.DensityLibrary{ID: *r.DensityLibraryID, Name: textOf(r.DensityLibraryName), Method: textOf(r.DensityLibraryMethod),
			Source: textOf(r.DensityLibrarySource), SourceUrl: textOf(r.DensityLibraryUrl)}
	}
	return densityRefOf(r.DensityVolumeValue, r.DensityVolumeUnit, r.DensityWeightValue, r.DensityWeightUnit, lib)
}

// ingredientDensityRef reads the library entry an ingredient adopted, if any.
func ingredientDensityRef(ctx context.Context, q *queries.Queries, ing queries.Ingredient) (densityRef, error) {
	var lib *queries.DensityLibrary
	if ing.DensityLibraryID != nil {
		e, err := q.DensityLibraryGet(ctx, queries.DensityLibraryGetParams{ID: *ing.DensityLibraryID})
		if err != nil {
			return densityRef{}, fmt.Errorf("density library entry %s: %w", *ing.DensityLibraryID, err)
		}
		lib = &e
	}
	return densityRefOf(ing.DensityVolumeValue, ing.DensityVolumeUnit, ing.DensityWeightValue, ing.DensityWeightUnit, lib), nil
}

// convert converts q with the ingredient's density and reports the density
// when the conversion crossed between volume and weight (nil otherwise).
func (r densityRef) convert(q decimal.Decimal, from, to units.Unit) (decimal.Decimal, *DensityUsed, error) {
	v, err := units.Convert(q, from, to, r.d)
	return v, r.usedFor(from, to), err
}

// usedFor is the DensityUsed a from→to conversion reports: the density when
// it crosses volume and weight, nil when it needs none.
func (r densityRef) usedFor(from, to units.Unit) *DensityUsed {
	if from.Kind == to.Kind || from.Kind == units.Count || to.Kind == units.Count {
		return nil
	}
	u := r.used
	return &u
}

func gramsPerML(d *units.Density) decimal.Decimal {
	g := d.WeightValue.Mul(d.WeightUnit.ToBase)
	ml := d.VolumeValue.Mul(d.VolumeUnit.ToBase)
	return g.DivRound(ml, 4)
}

func densityText(d *units.Density) string {
	return fmt.Sprintf("%s %s = %s %s", d.VolumeValue.String(), d.VolumeUnit.Code, d.WeightValue.String(), d.WeightUnit.Code)
}

// DensityEntry is one row of the density library.
type DensityEntry struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Method      string          `json:"method"`
	VolumeValue decimal.Decimal `json:"volume_value"`
	VolumeUnit  string          `json:"volume_unit"`
	WeightValue decimal.Decimal `json:"weight_value"`
	WeightUnit  string          `json:"weight_unit"`
	GramsPerML  decimal.Decimal `json:"grams_per_ml"`
	Source      string          `json:"source"`
	SourceURL   string          `json:"source_url"`
	Notes       string          `json:"notes"`
}

// ListDensitiesInput filters the library.
type ListDensitiesInput struct {
	Query string `json:"query,omitempty" jsonschema:"part of the name, e.g. flour or sugar"`
}

// ListDensitiesOutput is the matching library entries.
type ListDensitiesOutput struct {
	Densities []DensityEntry `json:"densities"`
}

// ListDensities lists the density library (global reference data).
func (t *Tools) ListDensities(ctx context.Context, id identity.Identity, in ListDensitiesInput) (ListDensitiesOutput, error) {
	var rows []queries.DensityLibrary
	err := t.read(ctx, id, func(q *queries.Queries) error {
		var err error
		rows, err = q.DensityLibraryList(ctx)
		return err
	})
	if err != nil {
		return ListDensitiesOutput{}, fmt.Errorf("list densities: %w", err)
	}
	key := NameKey(in.Query)
	out := ListDensitiesOutput{Densities: []DensityEntry{}}
	for _, r := range rows {
		if key != "" && !strings.Contains(NameKey(r.Name), key) && !strings.Contains(r.ID, strings.ReplaceAll(key, " ", "_")) {
			continue
		}
		out.Densities = append(out.Densities, densityEntry(r))
	}
	return out, nil
}

func densityEntry(r queries.DensityLibrary) DensityEntry {
	e := DensityEntry{ID: r.ID, Name: r.Name, Method: r.Method, VolumeValue: r.VolumeValue, VolumeUnit: r.VolumeUnit,
		WeightValue: r.WeightValue, WeightUnit: r.WeightUnit, Source: r.Source, SourceURL: r.SourceUrl, Notes: r.Notes}
	if d, err := units.ParseDensity(r.VolumeValue.String(), r.VolumeUnit, r.WeightValue.String(), r.WeightUnit); err == nil {
		e.GramsPerML = gramsPerML(d)
	}
	return e
}

// libraryDensity reads a library entry for adoption and returns the four
// density columns to copy onto the ingredient.
func libraryDensity(ctx context.Context, q *queries.Queries, field, entry string) (density, *string, error) {
	entry = strings.TrimSpace(entry)
	e, err := q.DensityLibraryGet(ctx, queries.DensityLibraryGetParams{ID: entry})
	if errors.Is(err, pgx.ErrNoRows) {
		return density{}, nil, NotFound(field, fmt.Sprintf("density library entry %q (list_densities lists them)", Shorten(entry)))
	}
	if err != nil {
		return density{}, nil, fmt.Errorf("density library entry %q: %w", entry, err)
	}
	vv, wv := e.VolumeValue, e.WeightValue
	vu, wu := e.VolumeUnit, e.WeightUnit
	d, err := checkDensity(&vv, &vu, &wv, &wu)
	if err != nil {
		return density{}, nil, fmt.Errorf("density library entry %s is unusable: %w", e.ID, err)
	}
	return d, &e.ID, nil
}

// AdoptDensityInput makes an ingredient use a library density.
type AdoptDensityInput struct {
	Ingredient     string `json:"ingredient" jsonschema:"the ingredient's id or slug"`
	Entry          string `json:"entry" jsonschema:"the density library entry's id (list_densities), e.g. flour_all_purpose_spooned"`
	IdempotencyKey string `json:"idempotency_key,omitempty" jsonschema:"any unique text; a retry with the same key changes nothing twice"`
}

// AdoptDensity is update_ingredient with density_library_entry: the one
// ingredient write path, named for what a baker asks.
func (t *Tools) AdoptDensity(ctx context.Context, id identity.Identity, in AdoptDensityInput) (Ingredient, error) {
	entry := in.Entry
	out, err := t.UpdateIngredient(ctx, id, UpdateIngredientInput{ID: in.Ingredient, DensityLibraryEntry: &entry, IdempotencyKey: in.IdempotencyKey, adoptField: "entry"})
	var e *Error
	if errors.As(err, &e) && e.Field == "id" {
		renamed := *e
		renamed.Field = "ingredient" // this tool calls the ingredient so
		return out, &renamed
	}
	return out, err
}
