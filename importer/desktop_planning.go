package importer

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/tools"
	"github.com/baketracker/baketracker/tools/batchplan"
)

// The planning sections (docs/planning.md): finished goods and their
// compositions, packages and their finished goods, event recipient packages
// and the event targets. Each section is flushed before the next is read, so
// a loader reads what earlier sections (and earlier imports) stored from the
// database. A record whose references cannot be resolved is archived as it
// is, never lost. Material purchases and lots are in desktop_material_lots.go,
// production and assembly runs in desktop_runs.go.

// planRef resolves the references planning records make.
type planRef struct {
	goodBySlug     map[string]uuid.UUID
	packageBySlug  map[string]uuid.UUID
	packageByName  map[string][]uuid.UUID
	recipientByKey map[string][]uuid.UUID // name key (+ "\x00" + household key)
}

func (l *loader) planRefs() (*planRef, error) {
	p := &planRef{goodBySlug: map[string]uuid.UUID{}, packageBySlug: map[string]uuid.UUID{}, packageByName: map[string][]uuid.UUID{},
		recipientByKey: map[string][]uuid.UUID{}}
	goods, err := l.q.FinishedGoodImportList(l.ctx, queries.FinishedGoodImportListParams{TenantID: l.tenant})
	if err != nil {
		return nil, fmt.Errorf("import: read finished goods: %w", err)
	}
	for _, g := range goods {
		p.goodBySlug[g.Slug] = g.ID
	}
	pkgs, err := l.q.PackageImportList(l.ctx, queries.PackageImportListParams{TenantID: l.tenant})
	if err != nil {
		return nil, fmt.Errorf("import: read packages: %w", err)
	}
	for _, pk := range pkgs {
		p.packageBySlug[pk.Slug] = pk.ID
		p.packageByName[pk.NameKey] = append(p.packageByName[pk.NameKey], pk.ID)
	}
	recips, err := l.q.RecipientImportList(l.ctx, queries.RecipientImportListParams{TenantID: l.tenant})
	if err != nil {
		return nil, fmt.Errorf("import: read recipients: %w", err)
	}
	for _, r := range recips {
		k := tools.NameKey(r.Name)
		p.recipientByKey[k] = append(p.recipientByKey[k], r.ID)
		hk := k + "\x00" + tools.NameKey(deref(r.HouseholdName))
		p.recipientByKey[hk] = append(p.recipientByKey[hk], r.ID)
	}
	return p, nil
}

// pkg resolves a package by package_slug, else by a package_name only one
// package has.
func (p *planRef) pkg(r *record) (uuid.UUID, bool) {
	if s := r.text("package_slug"); s != nil {
		id, ok := p.packageBySlug[*s]
		return id, ok
	}
	if n := r.text("package_name"); n != nil {
		if same := p.packageByName[tools.NameKey(*n)]; len(same) == 1 {
			return same[0], true
		}
	}
	return uuid.Nil, false
}

// event resolves an event by event_slug, else by an event_name only one
// event has (the desktop exporter writes names, H-planning).
func (l *loader) eventRef(r *record) *eventInfo {
	x := &l.idx
	if s := r.text("event_slug"); s != nil {
		return x.eventBySlug[*s]
	}
	if n := r.text("event_name"); n != nil {
		if same := x.eventByName[tools.NameKey(*n)]; len(same) == 1 {
			return same[0]
		}
	}
	return nil
}

// archiveUnresolved archives a record whose references do not resolve.
func (l *loader) archiveUnresolved(section string, i int, label string, r *record, what string) (outcome, error) {
	l.rep.warn(section, i, "%s: %s not found (or ambiguous by name); archived as it is", recordName(section, i, label), what)
	raw, _ := json.Marshal(r.fields)
	return l.archiveRecord(section, i, raw)
}

// finishedGoods loads finished goods by slug (generated from the name when
// missing); an unknown assembly_type is stored as a bundle, kept in extra.
func (l *loader) finishedGoods(section string, items []json.RawMessage) error {
	refs, err := l.planRefs()
	if err != nil {
		return err
	}
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
		if slug != nil {
			if _, ok := refs.goodBySlug[*slug]; ok {
				return matched, nil
			}
		} else {
			s := uniqueSlug(tools.Slug(*name, '-'), '-', func(s string) bool { _, ok := refs.goodBySlug[s]; return ok })
			slug = &s
			l.rep.warn(section, i, "%s: no slug; generated %q", recordName(section, i, label), s)
		}
		row := finishedGoodRow{ID: uuid.New(), Slug: *slug, DisplayName: l.fitText(section, i, label, r, *name, 200, "display_name", "name"),
			NameKey: tools.NameKey(*name), AssemblyType: "bundle", PackagingInstructions: r.text("packaging_instructions"), Notes: r.text("notes"), ImportID: l.imp()}
		if t := r.text("assembly_type"); t != nil {
			switch v := strings.ToLower(*t); v {
			case "bare", "bundle":
				row.AssemblyType = v
			default:
				r.unread("assembly_type")
				l.rep.warn(section, i, "%s: assembly_type %q is not bare or bundle; stored as bundle (the value is kept in extra)", recordName(section, i, label), *t)
			}
		}
		if n, ok, err := r.integer("inventory_count"); err == nil && ok && n >= 0 && n <= 1_000_000 {
			row.InventoryCount = n
		} else if ok || err != nil {
			r.unread("inventory_count")
			l.rep.warn(section, i, "%s: inventory_count must be a whole number from 0; left 0 (the value is kept in extra)", recordName(section, i, label))
		}
		r.ignore("id", "uuid", "created_at", "updated_at")
		row.Extra = r.extra()
		l.p.goods = append(l.p.goods, row)
		refs.goodBySlug[row.Slug] = row.ID
		return created, nil
	})
}

// packages loads gift packages: by slug when the file has one, else by a
// name only one package has (the desktop model has no slug).
func (l *loader) packages(section string, items []json.RawMessage) error {
	refs, err := l.planRefs()
	if err != nil {
		return err
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("slug", "name")
		name := r.text("name", "display_name")
		if name == nil {
			return l.reject(section, i, label, "no name")
		}
		key := tools.NameKey(*name)
		slug := r.text("slug")
		if tooLong(slug, tools.MaxNameLength) {
			return l.reject(section, i, label, "slug must be at most 200 characters")
		}
		if slug != nil {
			if _, ok := refs.packageBySlug[*slug]; ok {
				return matched, nil
			}
		} else {
			if same := refs.packageByName[key]; len(same) == 1 {
				return matched, nil
			}
			s := uniqueSlug(tools.Slug(*name, '-'), '-', func(s string) bool { _, ok := refs.packageBySlug[s]; return ok })
			slug = &s
		}
		row := packageRow{ID: uuid.New(), Slug: *slug, Name: l.fitText(section, i, label, r, *name, 200, "name", "display_name"), NameKey: key,
			Description: r.text("description"), Notes: r.text("notes"), ImportID: l.imp()}
		row.IsTemplate, _ = r.boolean("is_template")
		r.ignore("id", "uuid", "created_at", "updated_at")
		row.Extra = r.extra()
		l.p.packages = append(l.p.packages, row)
		refs.packageBySlug[row.Slug] = row.ID
		refs.packageByName[key] = append(refs.packageByName[key], row.ID)
		return created, nil
	})
}

// componentKey identifies a BOM line for matching on re-import.
func componentKey(parent uuid.UUID, unit, good, material *uuid.UUID, qty decimal.Decimal) string {
	ids := []string{parent.String()}
	for _, u := range []*uuid.UUID{unit, good, material} {
		if u == nil {
			ids = append(ids, "")
		} else {
			ids = append(ids, u.String())
		}
	}
	return strings.Join(ids, "\x00") + "\x00" + qty.String()
}

// compositions loads bills of materials: the parent is a finished good
// (finished_good_slug or assembly_slug) or a package (package_slug or
// package_name); the component exactly one of finished_unit_slug,
// component_finished_good_slug, material_slug. A finished good may not
// contain itself; a line that would is rejected.
func (l *loader) compositions(section string, items []json.RawMessage) error {
	refs, err := l.planRefs()
	if err != nil {
		return err
	}
	if err := l.loadUnits(); err != nil {
		return err
	}
	if err := l.loadMaterials(); err != nil {
		return err
	}
	existing := map[string]bool{}
	comps, err := l.q.FinishedGoodComponentImportList(l.ctx, queries.FinishedGoodComponentImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read compositions: %w", err)
	}
	boms := batchplan.BOMs{} // goods inside goods, for the no-cycle rule
	for _, c := range comps {
		existing[componentKey(c.FinishedGoodID, c.FinishedUnitID, c.ComponentGoodID, c.MaterialID, c.Quantity)] = true
		if c.ComponentGoodID != nil {
			boms[c.FinishedGoodID.String()] = append(boms[c.FinishedGoodID.String()], batchplan.Line{Kind: batchplan.KindGood, ID: c.ComponentGoodID.String()})
		}
	}
	contents, err := l.q.PackageContentImportList(l.ctx, queries.PackageContentImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read package contents: %w", err)
	}
	for _, c := range contents {
		existing[componentKey(c.PackageID, nil, c.FinishedGoodID, c.MaterialID, c.Quantity)] = true
	}
	x := &l.idx
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("finished_good_slug", "assembly_slug", "package_slug", "package_name")
		var parent uuid.UUID
		isPackage := false
		if s := r.text("finished_good_slug", "assembly_slug"); s != nil {
			id, ok := refs.goodBySlug[*s]
			if !ok {
				return l.archiveUnresolved(section, i, label, r, "finished good "+*s)
			}
			parent = id
		} else if id, ok := refs.pkg(r); ok {
			parent, isPackage = id, true
		} else {
			return l.archiveUnresolved(section, i, label, r, "parent finished good or package")
		}
		var unit, good, material *uuid.UUID
		set := 0
		if s := r.text("finished_unit_slug"); s != nil {
			set++
			if id, ok := x.unitBySlug[*s]; ok {
				unit = &id
			}
		}
		if s := r.text("component_finished_good_slug", "component_good_slug"); s != nil {
			set++
			if id, ok := refs.goodBySlug[*s]; ok {
				good = &id
			}
		}
		if s := r.text("material_slug"); s != nil {
			set++
			if id, ok := x.materialBySlug[*s]; ok {
				material = &id
			}
		}
		if set != 1 {
			return l.archiveUnresolved(section, i, label, r, "exactly one component (finished_unit_slug, component_finished_good_slug or material_slug)")
		}
		if unit == nil && good == nil && material == nil {
			return l.archiveUnresolved(section, i, label, r, "the component")
		}
		if isPackage && unit != nil {
			return l.archiveUnresolved(section, i, label, r, "a package component that is a finished good or material (a finished unit is")
		}
		if good != nil && !isPackage {
			line := batchplan.Line{Kind: batchplan.KindGood, ID: good.String()}
			if p := batchplan.CyclePath(boms, parent.String(), []batchplan.Line{line}); p != nil {
				return l.reject(section, i, label, "a finished good cannot contain itself (%d goods in the loop)", len(p)-1)
			}
			boms[parent.String()] = append(boms[parent.String()], line)
		}
		qty, ok, err := r.qty("component_quantity", "quantity")
		if err != nil || !ok || !qty.IsPositive() {
			return l.reject(section, i, label, "component_quantity must be greater than zero")
		}
		k := componentKey(parent, unit, good, material, qty)
		if existing[k] {
			return matched, nil
		}
		existing[k] = true
		pos := i
		if p, ok, err := r.integer("sort_order", "position"); ok && err == nil && p >= 0 && p < 1_000_000 {
			pos = int(p)
		}
		r.ignore("id", "uuid", "created_at", "updated_at", "is_generic")
		if isPackage {
			l.p.packageContents = append(l.p.packageContents, packageContentRow{ID: uuid.New(), PackageID: parent, Position: pos,
				FinishedGoodID: good, MaterialID: material, Quantity: qty, Notes: r.text("notes")})
		} else {
			l.p.goodComponents = append(l.p.goodComponents, goodComponentRow{ID: uuid.New(), FinishedGoodID: parent, Position: pos,
				FinishedUnitID: unit, ComponentGoodID: good, MaterialID: material, Quantity: qty, Notes: r.text("notes")})
		}
		return created, nil
	})
}

// packageFinishedGoods loads the finished goods in packages
// ({package_slug or package_name, finished_good_slug, quantity}).
func (l *loader) packageFinishedGoods(section string, items []json.RawMessage) error {
	refs, err := l.planRefs()
	if err != nil {
		return err
	}
	existing := map[string]bool{}
	contents, err := l.q.PackageContentImportList(l.ctx, queries.PackageContentImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read package contents: %w", err)
	}
	for _, c := range contents {
		existing[componentKey(c.PackageID, nil, c.FinishedGoodID, c.MaterialID, c.Quantity)] = true
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("package_slug", "package_name")
		pkg, ok := refs.pkg(r)
		if !ok {
			return l.archiveUnresolved(section, i, label, r, "package")
		}
		s := r.text("finished_good_slug")
		good, found := uuid.Nil, false
		if s != nil {
			good, found = refs.goodBySlug[*s]
		}
		if !found {
			return l.archiveUnresolved(section, i, label, r, "finished good")
		}
		qty, ok, err := r.qty("quantity")
		if err != nil || !ok || !qty.IsPositive() {
			return l.reject(section, i, label, "quantity must be greater than zero")
		}
		k := componentKey(pkg, nil, &good, nil, qty)
		if existing[k] {
			return matched, nil
		}
		existing[k] = true
		pos := i
		if p, ok, err := r.integer("sort_order", "position"); ok && err == nil && p >= 0 && p < 1_000_000 {
			pos = int(p)
		}
		r.ignore("id", "uuid", "created_at", "updated_at")
		l.p.packageContents = append(l.p.packageContents, packageContentRow{ID: uuid.New(), PackageID: pkg, Position: pos,
			FinishedGoodID: &good, Quantity: qty, Notes: r.text("notes")})
		return created, nil
	})
}

// eventRecipientPackages loads who gets which package at an event. The
// recipient is matched by name (and household, when given) and must be the
// only one so named; the status is kept when it is pending, assembled or
// delivered (fulfillment_status read when status is absent).
func (l *loader) eventRecipientPackages(section string, items []json.RawMessage) error {
	if err := l.loadEvents(); err != nil {
		return err
	}
	refs, err := l.planRefs()
	if err != nil {
		return err
	}
	existing := queue{}
	rows, err := l.q.RecipientPackageImportList(l.ctx, queries.RecipientPackageImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read recipient packages: %w", err)
	}
	for _, e := range rows {
		existing.add(recipientPackageKey(e.EventID, e.RecipientID, e.PackageID, int64(e.Quantity), e.Status), e.ID)
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("event_slug", "event_name")
		ev := l.eventRef(r)
		if ev == nil {
			return l.archiveUnresolved(section, i, label, r, "event")
		}
		name := r.text("recipient_name")
		if name == nil {
			return l.archiveUnresolved(section, i, label, r, "recipient_name")
		}
		key := tools.NameKey(*name)
		if h := r.text("household_name", "household"); h != nil {
			key += "\x00" + tools.NameKey(*h)
		}
		same := refs.recipientByKey[key]
		if len(same) != 1 {
			return l.archiveUnresolved(section, i, label, r, "recipient "+*name)
		}
		pkg, ok := refs.pkg(r)
		if !ok {
			return l.archiveUnresolved(section, i, label, r, "package")
		}
		qty := int64(1)
		if n, ok, err := r.integer("quantity"); err == nil && ok && n > 0 && n <= 1_000_000 {
			qty = n
		} else if ok || err != nil {
			l.rep.warn(section, i, "%s: quantity must be a whole number above zero; 1 taken", recordName(section, i, label))
		}
		status := "pending"
		if s := r.text("status", "fulfillment_status"); s != nil {
			switch v := strings.ToLower(*s); v {
			case "pending", "assembled", "delivered":
				status = v
			case "ready":
				status = "assembled"
			default:
				l.rep.warn(section, i, "%s: status %q is not known; stored as pending", recordName(section, i, label), *s)
			}
		}
		if _, ok := existing.take(recipientPackageKey(ev.id, same[0], pkg, qty, status)); ok {
			return matched, nil
		}
		r.ignore("id", "uuid", "created_at", "updated_at", "fulfillment_status", "recipient_slug")
		row := recipientPackageRow{ID: uuid.New(), EventID: ev.id, RecipientID: same[0], PackageID: pkg, Quantity: qty, Status: status,
			DeliveredTo: r.text("delivered_to"), Notes: r.text("notes"), ImportID: l.imp()}
		row.Extra = r.extra()
		l.p.recipientPkgs = append(l.p.recipientPkgs, row)
		return created, nil
	})
}

func recipientPackageKey(event, recipient, pkg uuid.UUID, qty int64, status string) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%d\x00%s", event, recipient, pkg, qty, status)
}

// eventAssemblyTargets loads {event, finished_good_slug, target_quantity}.
func (l *loader) eventAssemblyTargets(section string, items []json.RawMessage) error {
	if err := l.loadEvents(); err != nil {
		return err
	}
	refs, err := l.planRefs()
	if err != nil {
		return err
	}
	pairs := map[[2]uuid.UUID]bool{}
	rows, err := l.q.AssemblyTargetImportList(l.ctx, queries.AssemblyTargetImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read assembly targets: %w", err)
	}
	for _, t := range rows {
		pairs[[2]uuid.UUID{t.EventID, t.FinishedGoodID}] = true
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("event_slug", "event_name")
		ev := l.eventRef(r)
		s := r.text("finished_good_slug")
		good, found := uuid.Nil, false
		if s != nil {
			good, found = refs.goodBySlug[*s]
		}
		if ev == nil || !found {
			return l.archiveUnresolved(section, i, label, r, "event or finished good")
		}
		n, ok, err := r.integer("target_quantity", "quantity")
		if err != nil || !ok || n <= 0 || n > 1_000_000 {
			return l.reject(section, i, label, "target_quantity must be a whole number above zero")
		}
		pair := [2]uuid.UUID{ev.id, good}
		if pairs[pair] {
			return matched, nil
		}
		pairs[pair] = true
		r.ignore("id", "uuid", "created_at", "updated_at")
		l.p.assemblyTargets = append(l.p.assemblyTargets, assemblyTargetRow{ID: uuid.New(), EventID: ev.id, FinishedGoodID: good,
			TargetQuantity: n, Notes: r.text("notes"), ImportID: l.imp()})
		return created, nil
	})
}

// eventProductionTargets loads {event, recipe_slug or recipe_name,
// target_batches}.
func (l *loader) eventProductionTargets(section string, items []json.RawMessage) error {
	if err := l.loadEvents(); err != nil {
		return err
	}
	if err := l.loadRecipes(); err != nil {
		return err
	}
	x := &l.idx
	pairs := map[[2]uuid.UUID]bool{}
	rows, err := l.q.ProductionTargetImportList(l.ctx, queries.ProductionTargetImportListParams{TenantID: l.tenant})
	if err != nil {
		return fmt.Errorf("import: read production targets: %w", err)
	}
	for _, t := range rows {
		pairs[[2]uuid.UUID{t.EventID, t.RecipeID}] = true
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("event_slug", "event_name")
		ev := l.eventRef(r)
		var recipe *recipeInfo
		if s := r.text("recipe_slug"); s != nil {
			recipe = x.recipeBySlug[*s]
		} else if n := r.text("recipe_name"); n != nil {
			if same := x.recipeByName[tools.NameKey(*n)]; len(same) == 1 {
				recipe = same[0]
			}
		}
		if ev == nil || recipe == nil {
			return l.archiveUnresolved(section, i, label, r, "event or recipe")
		}
		batches, ok, err := r.qty("target_batches", "batches")
		if err != nil || !ok || !batches.IsPositive() {
			return l.reject(section, i, label, "target_batches must be greater than zero")
		}
		pair := [2]uuid.UUID{ev.id, recipe.id}
		if pairs[pair] {
			return matched, nil
		}
		pairs[pair] = true
		r.ignore("id", "uuid", "created_at", "updated_at")
		l.p.prodTargets = append(l.p.prodTargets, productionTargetRow{ID: uuid.New(), EventID: ev.id, RecipeID: recipe.id,
			TargetBatches: batches, Notes: r.text("notes"), ImportID: l.imp()})
		return created, nil
	})
}
