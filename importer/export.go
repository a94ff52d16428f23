package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/shopspring/decimal"

	"github.com/baketracker/baketracker/queries"
)

// ExportVersion is the desktop format version an export declares.
const ExportVersion = "4.2"

// Export writes the tenant's data as a desktop normalized backup (version
// 4.2, application bake-tracker) that Import reads back: every modelled
// table as its desktop section (plus the cloud's own sections: ingredient
// aliases, learnt barcodes, adjustments, event recipes, the review queue),
// and every archived section replayed from import_archive in import order.
// References are by slug (suppliers also by a per-file integer id, as the
// desktop writes them); records without a natural key carry a uuid (their
// legacy uuid, else their cloud id) so a re-import matches them. Importing
// an export into a fresh tenant and exporting again gives the same file
// apart from exported_at.
func (im *Importer) Export(ctx context.Context, tenant uuid.UUID, w io.Writer) error {
	var doc object
	// One REPEATABLE READ READ ONLY snapshot: the sections are read by many
	// statements and must agree (every lot's purchase is in the file).
	err := im.store.SnapshotTx(ctx, tenant, func(tx pgx.Tx) error {
		q := queries.New(tx)
		if _, err := q.TenantGet(ctx, queries.TenantGetParams{ID: tenant}); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("%w: %s", ErrNoTenant, tenant)
			}
			return fmt.Errorf("export: read tenant: %w", err)
		}
		x := &exporter{ctx: ctx, q: q, tenant: tenant}
		var err error
		doc, err = x.document(im.now())
		return err
	})
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("export: write: %w", err)
	}
	return nil
}

// exporter reads one tenant inside one read transaction.
type exporter struct {
	ctx    context.Context
	q      *queries.Queries
	tenant uuid.UUID

	supplierSlug map[uuid.UUID]string
	supplierName map[uuid.UUID]string
	supplierNum  map[uuid.UUID]int
	ingSlug      map[uuid.UUID]string
	products     map[uuid.UUID]queries.Product
	purchaseUUID map[uuid.UUID]string
	lotUUID      map[uuid.UUID]string
	recipes      map[uuid.UUID]queries.Recipe
	events       map[uuid.UUID]queries.Event
	materials    map[uuid.UUID]queries.Material
}

// document builds the whole file.
func (x *exporter) document(now time.Time) (object, error) {
	doc := object{
		{"version", ExportVersion},
		{"exported_at", now.UTC().Format(time.RFC3339)},
		{"application", "bake-tracker"},
	}
	steps := []struct {
		name string
		fn   func() ([]any, error)
	}{
		{"suppliers", x.suppliers}, {"ingredients", x.ingredients}, {"ingredient_aliases", x.aliases},
		{"products", x.productList}, {"product_barcodes", x.productBarcodes}, {"purchases", x.purchases},
		{"inventory_items", x.lots}, {"inventory_adjustments", x.adjustments}, {"recipes", x.recipeList},
		{"finished_units", x.finishedUnits}, {"recipients", x.recipients}, {"events", x.eventList},
		{"event_recipes", x.eventRecipes}, {"materials", x.materialList}, {"material_products", x.materialProducts},
		{"barcode_reviews", x.reviews}, {"finished_goods", x.finishedGoods}, {"packages", x.packages},
		{"compositions", x.compositions}, {"package_finished_goods", x.packageFinishedGoods},
		{"event_recipient_packages", x.recipientPackages}, {"event_assembly_targets", x.assemblyTargets},
		{"event_production_targets", x.productionTargets}, {"material_purchases", x.materialPurchases},
		{"material_inventory_items", x.materialLots}, {"production_runs", x.productionRuns}, {"assembly_runs", x.assemblyRuns},
	}
	at := map[string]int{}
	for _, s := range steps {
		items, err := s.fn()
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", s.name, err)
		}
		at[s.name] = len(doc)
		doc = append(doc, kv{s.name, items})
	}
	// Archived sections, in the order they were imported.
	archive, err := x.q.ImportArchiveList(x.ctx, queries.ImportArchiveListParams{TenantID: x.tenant})
	if err != nil {
		return nil, fmt.Errorf("export archive: %w", err)
	}
	var scalars object
	for _, a := range archive {
		a.Section, a.Payload = unboundSection(a.Section, a.Payload)
		switch {
		case strings.HasPrefix(a.Section, mobilePrefix):
			continue
		case strings.HasPrefix(a.Section, envelopePrefix):
			scalars = append(scalars, kv{strings.TrimPrefix(a.Section, envelopePrefix), a.Payload})
			continue
		}
		i, ok := at[a.Section]
		if !ok {
			i = len(doc)
			at[a.Section] = i
			doc = append(doc, kv{a.Section, []any{}})
		}
		doc[i].v = append(doc[i].v.([]any), a.Payload)
	}
	for _, s := range scalars {
		if _, taken := at[s.k]; !taken && !envelopeKeys[s.k] {
			doc = append(doc, s) // later imports replace earlier values
			at[s.k] = len(doc) - 1
		} else if i, ok := at[s.k]; ok && !isListValue(doc[i].v) {
			doc[i].v = s.v
		} else if ok && len(doc[i].v.([]any)) == 0 {
			// A modelled section the file gave as a non-list value
			// ("products": {…}): written back where nothing else is.
			doc[i].v = s.v
		} else if ok {
			// The modelled section has rows: the archived value goes
			// beside it rather than being dropped.
			doc = append(doc, kv{s.k + archivedValueSuffix, s.v})
		}
	}
	return doc, nil
}

// archivedValueSuffix names the key an archived non-list value of a
// modelled section is exported under when the section has rows.
const archivedValueSuffix = "_archived_value"

func isListValue(v any) bool { _, ok := v.([]any); return ok }

// kv is one member of an ordered JSON object.
type kv struct {
	k string
	v any
}

// object is a JSON object that keeps its key order (sections and fields
// in the desktop's order make the file readable and diffs stable).
type object []kv

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	seen := map[string]bool{}
	first := true
	for _, m := range o {
		if seen[m.k] {
			continue
		}
		seen[m.k] = true
		if !first {
			b.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(m.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := marshalNoEscape(m.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// withExtra appends a row's extra keys (unknown keys of the original file,
// H25) after its own fields; a key the record already has wins.
func withExtra(o object, extra json.RawMessage) object {
	var m map[string]json.RawMessage
	if json.Unmarshal(extra, &m) != nil || len(m) == 0 {
		return o
	}
	// A key in both is a value the column could not hold as written (an
	// unparseable value, a text shortened to the column's limit): the
	// file's own value in extra is what goes back out.
	have := map[string]bool{}
	for i, f := range o {
		have[f.k] = true
		if v, ok := m[f.k]; ok {
			o[i].v = v
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if !have[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		o = append(o, kv{k, m[k]})
	}
	return o
}

// num is a decimal as a JSON number in its exact text.
func num(d decimal.Decimal) json.Number { return json.Number(decString(d)) }

// optNum is a nullable decimal as a JSON number or null.
func optNum(d decimal.NullDecimal) any {
	if !d.Valid {
		return nil
	}
	return num(d.Decimal)
}

func optStr(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func dateText(t time.Time) string { return t.Format("2006-01-02") }

func optDateText(t *time.Time) any {
	if t == nil {
		return nil
	}
	return dateText(*t)
}

// exportUUID is a row's uuid in the file: its legacy uuid when it came from
// the desktop, else its cloud id.
func exportUUID(legacy *string, id uuid.UUID) string {
	if legacy != nil && *legacy != "" {
		return *legacy
	}
	return id.String()
}

// flag adds name: true to o when v is set (cloud-only flags stay out of
// the file when false).
func flag(o object, name string, v bool) object {
	if v {
		o = append(o, kv{name, true})
	}
	return o
}
