package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
)

// allergens reads an ingredient's optional allergens (the desktop spec's
// key, seen in no real file yet): a list of names or codes, or one
// comma-separated text, each read by tools.AllergenCode (the one rule for
// what an allergen is called). What is not an allergen is named in a
// warning and the file's whole value is kept in extra, so export writes it
// back as it came; the ones that are allergens are stored.
func (l *loader) allergens(section string, i int, label string, r *record, row *ingredientRow) {
	key := r.keyOf("allergens")
	if key == "" {
		r.ignore("allergens")
		return
	}
	var raws []string
	if items, ok := r.list(key); ok {
		for _, it := range items {
			var s string
			if json.Unmarshal(it, &s) != nil {
				l.rep.warn(section, i, "%s: allergens: %s is not a name; the list is kept as written", recordName(section, i, label), firstRunes(it, 40))
				r.keepInExtra(key)
				continue
			}
			raws = append(raws, s)
		}
	} else if s, ok := r.str(key); ok {
		raws = strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ';' })
	} else {
		l.rep.warn(section, i, "%s: allergens must be a list of names; kept as written", recordName(section, i, label))
		return
	}
	var codes, unknown []string
	for _, raw := range raws {
		if strings.TrimSpace(raw) == "" {
			continue
		}
		if code, ok := tools.AllergenCode(raw); ok {
			codes = append(codes, code)
		} else {
			unknown = append(unknown, fmt.Sprintf("%q", raw))
		}
	}
	if len(unknown) > 0 {
		l.rep.warn(section, i, "%s: allergens %s are not among the allergens the cloud knows (US 9, EU 14); the others are stored and the list is kept as written",
			recordName(section, i, label), strings.Join(unknown, ", "))
		r.keepInExtra(key)
	}
	row.Allergens = tools.AllergenList(codes)
}

// densityEntry reads density_library_entry, the cloud export's name of the
// density library entry an ingredient adopted: the entry's four values
// become the density (as adopt_density does). An entry the library does not
// have is warned about and kept in extra; the file's own density stays.
func (l *loader) densityEntry(section string, i int, label string, r *record, row *ingredientRow) error {
	id := r.text("density_library_entry")
	if id == nil {
		return nil
	}
	e, err := l.q.DensityLibraryGet(l.ctx, queries.DensityLibraryGetParams{ID: *id})
	if errors.Is(err, pgx.ErrNoRows) {
		l.rep.warn(section, i, "%s: density library entry %q does not exist here; kept as written, with the file's own density",
			recordName(section, i, label), *id)
		r.keepInExtra("density_library_entry")
		return nil
	}
	if err != nil {
		return fmt.Errorf("import: density library entry %q: %w", *id, err)
	}
	row.DensityLibraryID = &e.ID
	row.DensityVolumeValue = decimal.NullDecimal{Decimal: e.VolumeValue, Valid: true}
	row.DensityVolumeUnit = &e.VolumeUnit
	row.DensityWeightValue = decimal.NullDecimal{Decimal: e.WeightValue, Valid: true}
	row.DensityWeightUnit = &e.WeightUnit
	return nil
}
