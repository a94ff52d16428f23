package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/baketracker/baketracker/queries"
)

// envelopeKeys are the header fields of a desktop file: recorded (version)
// or regenerated (exported_at) rather than archived.
var envelopeKeys = map[string]bool{"version": true, "exported_at": true, "application": true, "export_date": true}

// envelopePrefix marks archived top-level values that are not lists
// (transformed_at, source, …) so export can put them back as they were.
const envelopePrefix = "envelope."

// modelled is the load order of docs/import.md §7: every section whose
// records become rows. Suppliers come first although files often list them
// last (H13); recipes before finished units; components after all recipes.
var modelled = []struct {
	name string
	load func(l *loader, section string, items []json.RawMessage) error
}{
	{"suppliers", (*loader).suppliers},
	{"ingredients", (*loader).ingredients},
	{"ingredient_aliases", (*loader).ingredientAliases},
	{"products", (*loader).products},
	{"product_barcodes", (*loader).productBarcodes},
	{"purchases", (*loader).purchases},
	{"inventory_items", (*loader).inventoryItems},
	{"inventory_adjustments", (*loader).inventoryAdjustments},
	{"recipes", (*loader).recipes},
	{"finished_units", (*loader).finishedUnits},
	{"recipients", (*loader).recipients},
	{"events", (*loader).events},
	{"event_recipes", (*loader).eventRecipes},
	{"materials", (*loader).materials},
	{"material_products", (*loader).materialProducts},
	{"finished_goods", (*loader).finishedGoods},
	{"packages", (*loader).packages},
	{"compositions", (*loader).compositions},
	{"package_finished_goods", (*loader).packageFinishedGoods},
	{"event_recipient_packages", (*loader).eventRecipientPackages},
	{"event_assembly_targets", (*loader).eventAssemblyTargets},
	{"event_production_targets", (*loader).eventProductionTargets},
	{"material_purchases", (*loader).materialPurchases},
	{"material_inventory_items", (*loader).materialInventoryItems},
	{"production_runs", (*loader).productionRuns},
	{"assembly_runs", (*loader).assemblyRuns},
	{"barcode_reviews", (*loader).barcodeReviews},
}

// desktop loads a normalized backup, a recipe catalog or one entity file.
func (l *loader) desktop(f *File) error {
	done := map[string]bool{}
	for k := range envelopeKeys {
		// A header key holding a list is not a header: it is archived and
		// reported like any other section.
		done[k] = !isList(f.Top[k])
	}
	for _, m := range modelled {
		raw, ok := f.Top[m.name]
		if !ok {
			continue
		}
		done[m.name] = true
		items, isList := asList(raw)
		if !isList {
			if !isNull(raw) {
				l.rep.warn(m.name, -1, "section %s is %s, not a list: archived as it is", m.name, describeJSON(raw))
				o, err := l.archiveRecord(envelopePrefix+m.name, 0, raw)
				if err != nil {
					return err
				}
				l.rep.section(m.name).count(o)
			}
			continue
		}
		if err := m.load(l, m.name, items); err != nil {
			return err
		}
		if err := l.flush(); err != nil {
			return fmt.Errorf("section %s: %w", m.name, err)
		}
	}
	// Everything else — the ARCHIVE sections of docs/domain.md §1 and unknown
	// keys — is kept verbatim, in key order so reports are stable.
	var rest []string
	for k := range f.Top {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		raw := f.Top[k]
		if items, ok := asList(raw); ok {
			if err := l.archiveSection(k, items); err != nil {
				return err
			}
			continue
		}
		if err := l.archiveValue(envelopePrefix+k, raw); err != nil {
			return err
		}
	}
	return l.flush()
}

func asList(raw json.RawMessage) ([]json.RawMessage, bool) {
	if !isList(raw) {
		return nil, false
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil, false
	}
	return items, true
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// archived holds what earlier imports archived, by section and canonical
// payload, so the same records are matched rather than stored twice.
func (l *loader) archivedQueue() (queue, error) {
	if l.archive != nil {
		return l.archive, nil
	}
	rows, err := l.q.ImportArchiveList(l.ctx, queries.ImportArchiveListParams{TenantID: l.tenant})
	if err != nil {
		return nil, fmt.Errorf("import: read archive: %w", err)
	}
	l.archive = queue{}
	for _, r := range rows {
		l.archive.add(r.Section+"\x00"+canonicalJSON(r.Payload), r.ImportID)
	}
	return l.archive, nil
}

// archiveSection keeps every record of a section the cloud does not model.
// A record identical to one already archived (by any earlier import) is
// matched instead, so a repeated import stores nothing twice.
func (l *loader) archiveSection(section string, items []json.RawMessage) error {
	sc := l.rep.section(section)
	for i, raw := range items {
		o, err := l.archiveRecord(section, i, raw)
		if err != nil {
			return err
		}
		sc.count(o)
		l.tick(section, i+1, len(items))
	}
	return nil
}

// archiveRecord archives one record (of an archive section, or a modelled
// record that cannot be modelled yet) under section.
func (l *loader) archiveRecord(section string, ordinal int, raw json.RawMessage) (outcome, error) {
	section, raw = boundSection(section, raw)
	q, err := l.archivedQueue()
	if err != nil {
		return 0, err
	}
	if _, ok := q.take(section + "\x00" + canonicalJSON(raw)); ok {
		return matched, nil
	}
	l.p.archive = append(l.p.archive, archiveRow{Section: section, Ordinal: ordinal, Payload: compactJSON(raw)})
	return archived, nil
}

// archiveValue keeps a top-level value that is not a list.
func (l *loader) archiveValue(section string, raw json.RawMessage) error {
	_, err := l.archiveRecord(section, 0, raw)
	return err
}

func compactJSON(raw json.RawMessage) json.RawMessage {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}

// eachRecord runs fn over a section's records, counting each outcome, and
// reports progress. fn returns the outcome; a non-nil error aborts the import.
func (l *loader) eachRecord(section string, items []json.RawMessage, fn func(i int, r *record) (outcome, error)) error {
	sc := l.rep.section(section)
	for i, raw := range items {
		r, err := parseRecord(raw)
		if err != nil {
			l.rep.warn(section, i, "record %d: %v; rejected", i, err)
			sc.count(rejected)
			continue
		}
		o, err := fn(i, r)
		if err != nil {
			return err
		}
		if lost := r.lostKeys(); o == created && len(lost) > 0 {
			l.rep.warn(section, i, "record %d: kept in extra, not read: %s", i, strings.Join(lost, "; "))
		}
		sc.count(o)
		l.tick(section, i+1, len(items))
	}
	if len(items) == 0 {
		l.tick(section, 0, 0)
	}
	return nil
}

// reject adds a warning for a rejected record and returns the outcome.
func (l *loader) reject(section string, i int, label, format string, args ...any) (outcome, error) {
	l.rep.warn(section, i, "%s: %s; rejected", recordName(section, i, label), fmt.Sprintf(format, args...))
	return rejected, nil
}

// recordName is how warnings name a record: "products[3] (slug "x")".
func recordName(section string, i int, label string) string {
	if label == "" {
		return fmt.Sprintf("%s[%d]", section, i)
	}
	return fmt.Sprintf("%s[%d] (%s)", section, i, label)
}

// maxSectionBytes bounds archive section names: import_archive.section is
// in a btree index, which refuses keys over ~2.7 KB (SQLSTATE 54000).
const maxSectionBytes = 200

// longSectionMark separates a shortened section name from its hash.
const longSectionMark = "~sha256:"

// boundSection shortens a section name longer than maxSectionBytes to a
// prefix plus a hash of the whole name, and wraps the payload so that it
// keeps the full key ({"archived_key": key, "record": payload}); export
// unwraps it (unboundSection).
func boundSection(section string, raw json.RawMessage) (string, json.RawMessage) {
	if len(section) <= maxSectionBytes {
		return section, raw
	}
	sum := sha256.Sum256([]byte(section))
	prefix := section[:maxSectionBytes-len(longSectionMark)-16]
	for !utf8.ValidString(prefix) {
		prefix = prefix[:len(prefix)-1]
	}
	key, _ := json.Marshal(section)
	wrapped := []byte(`{"archived_key":`)
	wrapped = append(wrapped, key...)
	wrapped = append(wrapped, `,"record":`...)
	wrapped = append(wrapped, compactJSON(raw)...)
	wrapped = append(wrapped, '}')
	return prefix + longSectionMark + hex.EncodeToString(sum[:8]), wrapped
}

// unboundSection undoes boundSection for export.
func unboundSection(section string, payload json.RawMessage) (string, json.RawMessage) {
	if !strings.Contains(section, longSectionMark) {
		return section, payload
	}
	var w struct {
		Key    string          `json:"archived_key"`
		Record json.RawMessage `json:"record"`
	}
	if json.Unmarshal(payload, &w) != nil || w.Key == "" {
		return section, payload
	}
	return w.Key, w.Record
}
