package importer

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/tools"
)

// suppliers loads section 1 of §7. Match: slug, then the placeholder, then
// name + city + state (physical) or name (online). The file's integer ids
// are mapped to the rows' uuids for the products that point at them (H13).
func (l *loader) suppliers(section string, items []json.RawMessage) error {
	if err := l.loadSuppliers(); err != nil {
		return err
	}
	return l.eachRecord(section, items, func(i int, r *record) (outcome, error) {
		label := r.label("slug", "name")
		fileID, _ := r.str("id")
		name := r.text("name", "display_name")
		if name == nil {
			return l.reject(section, i, label, "no name")
		}
		slug := r.text("slug")
		if tooLong(name, tools.MaxNameLength) || tooLong(slug, tools.MaxNameLength) {
			return l.reject(section, i, label, "name and slug must be at most 200 characters")
		}
		typ := "physical"
		if t := r.text("supplier_type"); t != nil {
			switch strings.ToLower(*t) {
			case "physical", "online":
				typ = strings.ToLower(*t)
			default:
				l.rep.warn(section, i, "%s: supplier_type %q is not physical or online; stored as physical", recordName(section, i, label), *t)
			}
		}
		city := r.text("city")
		state := r.text("state")
		zip := r.text("zip_code", "zip")
		placeholder, _ := r.boolean("is_placeholder")
		if state != nil && strings.EqualFold(*state, "XX") || zip != nil && strings.Trim(*zip, "0") == "" {
			placeholder = placeholder || tools.NameKey(*name) == "unknown"
		}
		if state != nil {
			s := strings.ToUpper(*state)
			switch {
			case !tools.IsStateCode(s):
				l.rep.warn(section, i, "%s: state %q is not a two-letter code; left empty (the value is kept in extra)", recordName(section, i, label), *state)
				r.unread("state")
				state = nil
			default:
				state = &s
			}
		}
		if zip != nil && (placeholder && strings.Trim(*zip, "0") == "" || len(*zip) > 10) {
			if !placeholder {
				l.rep.warn(section, i, "%s: zip_code %q is longer than 10 characters; left empty (the value is kept in extra)", recordName(section, i, label), *zip)
				r.unread("zip_code")
				r.unread("zip")
			}
			zip = nil
		}
		nameKey := tools.NameKey(*name)
		x := &l.idx
		var match *supplierInfo
		if slug != nil {
			match = x.supplierBySlug[*slug]
		}
		if match == nil && placeholder {
			match = x.placeholder
		}
		if match == nil && slug == nil {
			for _, s := range x.supplierByName[nameKey] {
				if typ == "online" && s.typ == "online" || s.city == tools.NameKey(deref(city)) && s.state == deref(state) {
					match = s
					break
				}
			}
		}
		if match != nil {
			if o, dup, err := l.duplicateInRun(section, i, recordName(section, i, label), match.id, r); dup {
				return o, err
			}
			if fileID != "" {
				x.supplierFileIDs[fileID] = match.id
			}
			return matched, nil
		}
		if slug == nil {
			s := uniqueSlug(tools.SupplierSlug(*name, deref(city), deref(state), typ, placeholder), '_', func(s string) bool { return x.supplierBySlug[s] != nil })
			slug = &s
		}
		active, ok := r.boolean("is_active")
		if !ok {
			active = true
		}
		row := supplierRow{
			ID: uuid.New(), Slug: *slug, Name: *name, NameKey: nameKey, SupplierType: typ,
			StreetAddress: r.text("street_address", "address"), City: city, State: state, ZipCode: zip,
			WebsiteURL: r.text("website_url", "website"), Notes: r.text("notes"), IsActive: active, IsPlaceholder: placeholder,
			LegacyUUID: r.text("uuid"), ImportID: l.imp(),
		}
		r.ignore("created_at", "updated_at")
		row.Extra = r.extra()
		l.p.suppliers = append(l.p.suppliers, row)
		l.createdHere(row.ID, section, i)
		l.addSupplier(&supplierInfo{id: row.ID, slug: row.Slug, nameKey: nameKey, city: tools.NameKey(deref(city)),
			state: deref(state), typ: typ, placeholder: placeholder})
		if fileID != "" {
			x.supplierFileIDs[fileID] = row.ID
		}
		return created, nil
	})
}

// supplierByName finds a supplier named name (case- and quote-insensitive,
// H22), or creates an online one and says so (H14).
func (l *loader) supplierByName(section string, i int, label, name string) (uuid.UUID, error) {
	if err := l.loadSuppliers(); err != nil {
		return uuid.Nil, err
	}
	x := &l.idx
	name = truncate(strings.TrimSpace(name), tools.MaxNameLength)
	key := tools.NameKey(name)
	if ss := x.supplierByName[key]; len(ss) > 0 {
		return ss[0].id, nil
	}
	row := supplierRow{
		ID: uuid.New(), Name: name, NameKey: key, SupplierType: "online", IsActive: true,
		Slug:  uniqueSlug(tools.Slug(name, '_'), '_', func(s string) bool { return x.supplierBySlug[s] != nil }),
		Extra: json.RawMessage("{}"), ImportID: l.imp(),
	}
	l.p.suppliers = append(l.p.suppliers, row)
	l.addSupplier(&supplierInfo{id: row.ID, slug: row.Slug, nameKey: key, typ: "online"})
	l.rep.warn(section, i, "%s: supplier %q is not in the file or the pantry; created it as an online supplier", recordName(section, i, label), name)
	return row.ID, nil
}

// placeholderSupplier is the "Unknown" supplier that absorbs purchases with
// no store, created on first need.
func (l *loader) placeholderSupplier(section string, i int) (uuid.UUID, error) {
	if err := l.loadSuppliers(); err != nil {
		return uuid.Nil, err
	}
	x := &l.idx
	if x.placeholder != nil {
		return x.placeholder.id, nil
	}
	// The one placeholder the tools use too (tools.PlaceholderSupplier),
	// written now rather than with the file's suppliers so a store-less
	// add_purchase racing this import finds the same row.
	s, created, err := tools.PlaceholderSupplier(l.ctx, l.q, l.tenant, l.imp())
	if err != nil {
		return uuid.Nil, fmt.Errorf("import: %w", err)
	}
	l.addSupplier(&supplierInfo{id: s.ID, slug: s.Slug, nameKey: s.NameKey, city: tools.NameKey(deref(s.City)),
		state: deref(s.State), typ: s.SupplierType, placeholder: true})
	if created {
		l.rep.warn(section, i, "created the placeholder supplier \"Unknown\" for purchases without a store")
	}
	return s.ID, nil
}
