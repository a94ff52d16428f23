package importer

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
)

// recipients loads section 8: household or household_name. Names are not
// unique (H26), so a recipient is matched only against an earlier one with
// the same name, household, address and notes, one for one: two identical
// "Mom"s in a file stay two.
func (l *loader) recipients(section string, items []json.RawMessage) error {
	existing := queue{}
	rows, err := l.q.RecipientImportList(l.ctx, queries.RecipientImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read recipients: %w", err)
	}
	for _, r := range rows {
		existing.add(recipientKey(r.Name, r.HouseholdName, r.Address, r.Notes), r.ID)
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("name")
		name := r.text("name")
		if name == nil {
			return l.reject(section, i, label, "no name")
		}
		row := recipientRow{ID: uuid.New(), Name: l.fitText(section, i, label, r, *name, 200, "name"), HouseholdName: r.text("household_name", "household"),
			Address: r.text("address"), Notes: r.text("notes"), ImportID: l.imp()}
		if _, ok := existing.take(recipientKey(row.Name, row.HouseholdName, row.Address, row.Notes)); ok {
			return matched, nil
		}
		r.ignore("id", "created_at", "updated_at")
		row.Extra = r.extra()
		l.p.recipients = append(l.p.recipients, row)
		return created, nil
	})
}

func recipientKey(name string, household, address, notes *string) string {
	return strings.Join([]string{tools.NameKey(name), tools.NameKey(deref(household)), deref(address), deref(notes)}, "\x00")
}

// events loads section 9. The slug is the file's, else generated from the
// name (and year); the year comes from the date when missing (H4); an
// output_mode the model rejects ("packaged", H3) is kept as written with a
// NULL mode. Matched by slug, or without one by name and year (the desktop's
// own identity for events), when exactly one event has them.
func (l *loader) events(section string, items []json.RawMessage) error {
	if err := l.loadEvents(); err != nil {
		return err
	}
	x := &l.idx
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("slug", "name")
		name := r.text("name")
		if name == nil {
			return l.reject(section, i, label, "no name")
		}
		date, ok, err := r.date("event_date", "date")
		if err != nil || !ok {
			return l.reject(section, i, label, "no valid event_date")
		}
		year := int64(date.Year())
		if y, ok, err := r.integer("year"); err != nil || ok && (y < 1900 || y > 3000) {
			l.rep.warn(section, i, "%s: year is not a valid year; %d taken from the date", recordName(section, i, label), year)
		} else if ok {
			if y != year {
				l.rep.warn(section, i, "%s: year %d differs from the date's year %d; kept %d", recordName(section, i, label), y, year, y)
			}
			year = y
		}
		nameKey := tools.NameKey(*name)
		slug := r.text("slug")
		if tooLong(slug, tools.MaxNameLength) {
			return l.reject(section, i, label, "slug must be at most 200 characters")
		}
		if slug != nil {
			if ev := x.eventBySlug[*slug]; ev != nil {
				if o, dup, err := l.duplicateInRun(section, i, recordName(section, i, label), ev.id, r); dup {
					return o, err
				}
				return matched, nil
			}
		} else {
			if same := x.eventByNameYear[nameKey+"\x00"+strconv.FormatInt(year, 10)]; len(same) == 1 {
				if o, dup, err := l.duplicateInRun(section, i, recordName(section, i, label), same[0].id, r); dup {
					return o, err
				}
				return matched, nil
			} else if len(same) > 1 {
				l.rep.warn(section, i, "%s: %d events are named %q in %d; imported as a new event", recordName(section, i, label), len(same), *name, year)
			}
			s := uniqueSlug(tools.EventSlug(*name, int(year)), '-', func(s string) bool { return x.eventBySlug[s] != nil })
			slug = &s
			l.rep.warn(section, i, "%s: no slug; generated %q", recordName(section, i, label), s)
		}
		row := eventRow{ID: uuid.New(), Slug: *slug, Name: l.fitText(section, i, label, r, *name, 200, "name"), NameKey: nameKey, EventDate: day(date), Year: year,
			PlanState: "draft", Notes: r.text("notes"), LegacyUUID: r.text("uuid"), ImportID: l.imp()}
		if m := r.text("output_mode"); m != nil {
			switch v := strings.ToLower(*m); v {
			case "bulk_count", "bundled":
				row.OutputMode = &v
			default:
				row.OutputModeRaw = m
				l.rep.warn(section, i, "%s: output_mode %q is not bulk_count or bundled; kept as written with the mode unset, for review",
					recordName(section, i, label), *m)
			}
		}
		if n, ok, err := r.integer("expected_attendees", "guest_count"); err != nil || ok && n <= 0 {
			r.unread("expected_attendees")
			r.unread("guest_count")
			l.rep.warn(section, i, "%s: expected_attendees must be a whole number above zero; left empty (the value is kept in extra)", recordName(section, i, label))
		} else if ok {
			row.ExpectedAttendees = &n
		}
		if s := r.text("plan_state"); s != nil {
			if v := strings.ToLower(*s); tools.IsPlanState(v) {
				row.PlanState = v
			} else {
				l.rep.warn(section, i, "%s: plan_state %q is not known; stored as draft", recordName(section, i, label), *s)
			}
		}
		r.ignore("id", "created_at", "updated_at")
		row.Extra = r.extra()
		l.p.events = append(l.p.events, row)
		l.createdHere(row.ID, section, i)
		l.addEvent(&eventInfo{id: row.ID, slug: row.Slug}, nameKey, year)
		return created, nil
	})
}

// eventRecipes loads the recipes planned for events ({event_slug or
// event_name, recipe_slug or recipe_name, batches}). A record naming an
// event or recipe that cannot be found is archived, not lost.
func (l *loader) eventRecipes(section string, items []json.RawMessage) error {
	if err := l.loadEvents(); err != nil {
		return err
	}
	if err := l.loadRecipes(); err != nil {
		return err
	}
	x := &l.idx
	pairs := map[[2]uuid.UUID]bool{}
	rows, err := l.q.EventRecipeImportList(l.ctx, queries.EventRecipeImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read event recipes: %w", err)
	}
	for _, er := range rows {
		pairs[[2]uuid.UUID{er.EventID, er.RecipeID}] = true
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("event_slug", "event_name")
		var event *eventInfo
		if s := r.text("event_slug"); s != nil {
			event = x.eventBySlug[*s]
		} else if n := r.text("event_name"); n != nil {
			if same := x.eventByName[tools.NameKey(*n)]; len(same) == 1 {
				event = same[0]
			}
		}
		var recipe *recipeInfo
		if s := r.text("recipe_slug"); s != nil {
			recipe = x.recipeBySlug[*s]
		} else if n := r.text("recipe_name"); n != nil {
			if same := x.recipeByName[tools.NameKey(*n)]; len(same) == 1 {
				recipe = same[0]
			}
		}
		if event == nil || recipe == nil {
			l.rep.warn(section, i, "%s: event or recipe not found (or ambiguous by name); archived as it is", recordName(section, i, label))
			raw, _ := json.Marshal(r.fields)
			return l.archiveRecord(section, i, raw)
		}
		pair := [2]uuid.UUID{event.id, recipe.id}
		if pairs[pair] {
			return matched, nil
		}
		batches, ok, err := r.qty("batches", "target_batches", "quantity")
		if err != nil || !ok || !batches.IsPositive() {
			batches = decimal.NewFromInt(1)
		}
		pos := i
		if p, ok, err := r.integer("position"); ok && err == nil && p >= 0 {
			pos = int(p)
		}
		pairs[pair] = true
		row := eventRecipeRow{ID: uuid.New(), EventID: event.id, RecipeID: recipe.id, Batches: batches, Position: pos, Notes: r.text("notes")}
		if s, ok, err := r.qty("servings_per_guest"); err == nil && ok && s.IsPositive() {
			row.ServingsPerGuest = decimal.NewNullDecimal(s)
		}
		l.p.eventRecipes = append(l.p.eventRecipes, row)
		return created, nil
	})
}

// materials loads the material catalogue (section 10): the legacy
// "Category: Subcategory" string is split on ": " (H15).
func (l *loader) materials(section string, items []json.RawMessage) error {
	if err := l.loadMaterials(); err != nil {
		return err
	}
	x := &l.idx
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("slug", "display_name", "name")
		name := r.text("display_name", "name")
		slug := r.text("slug")
		if name == nil && slug == nil {
			return l.reject(section, i, label, "neither slug nor display_name")
		}
		if name == nil {
			name = ptr(humanize(*slug))
		}
		if tooLong(slug, tools.MaxNameLength) {
			return l.reject(section, i, label, "slug must be at most 200 characters")
		}
		key := tools.NameKey(*name)
		if slug != nil {
			if id, ok := x.materialBySlug[*slug]; ok {
				if o, dup, err := l.duplicateInRun(section, i, recordName(section, i, label), id, r); dup {
					return o, err
				}
				return matched, nil
			}
		} else {
			if same := x.materialByName[key]; len(same) == 1 {
				if o, dup, err := l.duplicateInRun(section, i, recordName(section, i, label), same[0], r); dup {
					return o, err
				}
				return matched, nil
			}
			s := uniqueSlug(tools.Slug(*name, '_'), '_', func(s string) bool { _, ok := x.materialBySlug[s]; return ok })
			slug = &s
		}
		row := materialRow{ID: uuid.New(), Slug: *slug, Name: l.fitText(section, i, label, r, *name, 200, "display_name", "name"), NameKey: key, Description: r.text("description"), ImportID: l.imp()}
		row.Category, row.Subcategory = r.text("category"), r.text("subcategory")
		if row.Category != nil && row.Subcategory == nil {
			if a, b, ok := strings.Cut(*row.Category, ": "); ok {
				row.Category, row.Subcategory = ptr(strings.TrimSpace(a)), ptr(strings.TrimSpace(b))
			}
		}
		if t := r.text("base_unit_type"); t != nil {
			switch v := strings.ToLower(*t); v {
			case "each", "linear_cm", "square_cm":
				row.BaseUnitType = &v
			default:
				l.rep.warn(section, i, "%s: base_unit_type %q is not each, linear_cm or square_cm; left empty", recordName(section, i, label), *t)
			}
		}
		r.ignore("id", "created_at", "updated_at")
		row.Extra = r.extra()
		l.p.materials = append(l.p.materials, row)
		l.createdHere(row.ID, section, i)
		x.materialBySlug[row.Slug] = row.ID
		x.materialByName[key] = append(x.materialByName[key], row.ID)
		return created, nil
	})
}

var packSize = regexp.MustCompile(`(?i)(?:pack of|box of|set of)\s*(\d+)|(\d+)\s*(?:pk|pack|ct|count)\b`)

// materialUnits are the material package units the cloud accepts;
// anything else (linear_inches, H15) is kept raw in default_unit_raw.
var materialUnits = map[string]bool{"each": true, "linear_cm": true, "square_cm": true, "inches": true}

// materialProducts loads material products in the legacy shape (H15): the
// material by display name, the supplier by name (created online when
// missing, H14), default_unit kept as written, pack size only suggested.
func (l *loader) materialProducts(section string, items []json.RawMessage) error {
	if err := l.loadMaterials(); err != nil {
		return err
	}
	if err := l.loadSuppliers(); err != nil {
		return err
	}
	x := &l.idx
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("slug", "display_name", "name")
		name := r.text("display_name", "name")
		if name == nil {
			return l.reject(section, i, label, "no display_name")
		}
		var material uuid.UUID
		found := false
		if s := r.text("material_slug"); s != nil {
			material, found = x.materialBySlug[*s]
		}
		if m := r.text("material"); !found && m != nil {
			same := x.materialByName[tools.NameKey(*m)]
			if len(same) > 1 {
				return l.reject(section, i, label, "%d materials are named %q; give material_slug", len(same), *m)
			}
			if len(same) == 1 {
				material, found = same[0], true
			}
		}
		if !found {
			return l.reject(section, i, label, "material %q not found", deref(r.text("material_slug", "material")))
		}
		slug := r.text("slug")
		if tooLong(slug, 300) {
			slug = nil
		}
		key := material.String() + "\x00" + tools.NameKey(*name)
		if slug != nil {
			if id, ok := x.mprodBySlug[*slug]; ok {
				if o, dup, err := l.duplicateInRun(section, i, recordName(section, i, label), id, r); dup {
					return o, err
				}
				return matched, nil
			}
		} else if id, ok := x.mprodByKey[key]; ok {
			if o, dup, err := l.duplicateInRun(section, i, recordName(section, i, label), id, r); dup {
				return o, err
			}
			return matched, nil
		}
		if slug == nil {
			s := uniqueSlug(tools.Slug(*name, '_'), '_', func(s string) bool { _, ok := x.mprodBySlug[s]; return ok })
			slug = &s
		}
		row := materialProductRow{ID: uuid.New(), MaterialID: material, Slug: slug, Name: l.fitText(section, i, label, r, *name, 200, "display_name", "name"), Brand: r.text("brand"),
			Sku: r.text("sku"), PackageUnit: r.text("package_unit"), Notes: r.text("notes"), ImportID: l.imp()}
		if q, ok, err := r.qty("package_quantity"); err == nil && ok && q.IsPositive() {
			row.PackageQuantity = decimal.NullDecimal{Decimal: q, Valid: true}
		} else if ok || err != nil {
			l.rep.warn(section, i, "%s: package_quantity must be greater than zero; left empty", recordName(section, i, label))
		}
		if u := r.text("default_unit"); u != nil {
			row.DefaultUnitRaw = u
			if !materialUnits[strings.ToLower(*u)] {
				l.rep.warn(section, i, "%s: default_unit %q is not a material unit (each, inches, linear_cm, square_cm); kept as written, for review",
					recordName(section, i, label), *u)
			} else if row.PackageUnit == nil {
				row.PackageUnit = ptr(strings.ToLower(*u))
			}
		}
		if !row.PackageQuantity.Valid {
			for _, text := range []string{*name, deref(row.Notes)} {
				if m := packSize.FindStringSubmatch(text); m != nil {
					n := m[1] + m[2]
					l.rep.warn(section, i, "%s: the text suggests a pack of %s (%q); package_quantity left empty for you to confirm",
						recordName(section, i, label), n, text)
					break
				}
			}
		}
		if s := r.text("supplier_slug"); s != nil {
			if sup := x.supplierBySlug[*s]; sup != nil {
				row.SupplierID = &sup.id
			}
		}
		if s := r.text("supplier", "supplier_name"); row.SupplierID == nil && s != nil {
			id, err := l.supplierByName(section, i, label, *s)
			if err != nil {
				return 0, err
			}
			row.SupplierID = &id
		}
		row.IsHidden, _ = r.boolean("is_hidden")
		row.IsProvisional, _ = r.boolean("is_provisional")
		r.ignore("id", "created_at", "updated_at")
		row.Extra = r.extra()
		l.p.materialProducts = append(l.p.materialProducts, row)
		l.createdHere(row.ID, section, i)
		x.mprodBySlug[*slug] = row.ID
		x.mprodByKey[key] = row.ID
		return created, nil
	})
}

// barcodeReviews loads the export's review queue. A queued scan is matched
// when an identical one (kind, barcode, payload) is already queued.
func (l *loader) barcodeReviews(section string, items []json.RawMessage) error {
	if err := l.loadProducts(); err != nil {
		return err
	}
	existing := queue{}
	rows, err := l.q.BarcodeReviewImportList(l.ctx, queries.BarcodeReviewImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read barcode reviews: %w", err)
	}
	for _, rv := range rows {
		existing.add(rv.Kind+"\x00"+rv.RawBarcode+"\x00"+canonicalJSON(rv.Payload), rv.ID)
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("raw_barcode")
		kind := deref(r.text("kind"))
		raw, _ := r.str("raw_barcode")
		_, payload, ok := r.get("payload")
		if kind != "purchase" && kind != "inventory_update" || !ok || len(raw) > 64 {
			return l.reject(section, i, label, "needs kind (purchase or inventory_update), raw_barcode and payload")
		}
		if _, ok := existing.take(kind + "\x00" + raw + "\x00" + canonicalJSON(payload)); ok {
			return matched, nil
		}
		row := reviewRow{ID: uuid.New(), ImportID: l.imp(), Ordinal: i, Kind: kind, RawBarcode: raw, Payload: compactJSON(payload),
			SupplierName: r.text("supplier_name"), Status: "pending"}
		if g := r.text("gtin14"); g != nil && len(*g) == 14 && strings.Trim(*g, "0123456789") == "" {
			row.Gtin14 = g
		}
		status := deref(r.text("status"))
		if status != "" && status != "pending" {
			at := l.now()
			if s, ok := r.str("resolved_at"); ok {
				if t, err := parseTimestamp(s); err == nil {
					at = t
				}
			}
			var prod *uuid.UUID
			if s := r.text("resolved_product_slug"); s != nil {
				if p := l.idx.productBySlug[*s]; p != nil {
					prod = &p.id
				}
			}
			switch {
			case status == "skipped":
				row.Status, row.ResolvedAt = status, &at
			case (status == "mapped" || status == "created") && prod != nil:
				row.Status, row.ResolvedAt, row.ResolvedProductID = status, &at, prod
			default:
				l.rep.warn(section, i, "%s: status %q cannot be restored; queued again as pending", recordName(section, i, label), status)
			}
		}
		l.p.reviews = append(l.p.reviews, row)
		return created, nil
	})
}
