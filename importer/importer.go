// Package importer moves data into BakeTracker Cloud from the desktop app's
// JSON exports and the phone app's scan files, and writes a tenant back out
// in the desktop format (export.go).
//
// Why it is built this way (docs/import.md is the map of the hazards):
//
//   - The file is sniffed, never trusted: its version is recorded and not
//     checked (H27), unknown keys are kept in each row's extra jsonb (H25),
//     sections the cloud does not model are archived verbatim in
//     import_archive, and the whole original file is kept in import_runs.
//   - Every record is accounted for in the report as created, matched,
//     archived or rejected, and every repair is a warning that names the
//     record (section, index, slug or name). A record the importer cannot
//     use is rejected on its own; a value the database refuses (a number too
//     large for its column) fails the whole import and nothing is written.
//   - One import is one transaction (store.InTenantTx): all or nothing. A dry
//     run does the same work and rolls back, so its report is exactly the
//     report of the real run and nothing is written.
//   - Loading is bulk: the importer reads the tenant's existing keys once,
//     resolves every reference in Go with ids it chooses itself, and writes
//     each table with one INSERT … SELECT FROM jsonb_to_recordset statement
//     per section (COPY cannot write an RLS table, docs/tenant-isolation.md rule 15).
//
// # Matching: importing the same file again creates nothing
//
// A record is matched, never updated, when the tenant already has it:
//
//   - suppliers: slug; else the placeholder ("Unknown"); else, for a record
//     without a slug, name + city + state (physical) or name (online).
//   - ingredients, recipes, finished units, events, materials, material
//     products: slug (recipes also by previous_slug, then a unique name;
//     what a matched recipe's record adds is kept, recipe_match.go). Records without a slug
//     in the file get a generated one, so the same file matches by name:
//     recipes by name, events by name + year, materials by name, material
//     products by material + name — only when exactly one candidate exists.
//   - products: the 5-part natural key (ingredient, brand, product name,
//     package quantity as a number, unit), names compared as name keys.
//   - purchases and pantry lots have no natural key: duplicates are real
//     (H19). They match by the uuid the file gives them (an export writes
//     each row's legacy uuid, else its cloud id), else only rows written by
//     an earlier run of the same file (same content: sha256 of the canonical
//     JSON without envelope timestamps, contentHash) — purchases by (product,
//     date, quantity, price, notes), lots by (product, purchase date,
//     initial quantity, notes, ordinal) — each earlier row claimed once.
//   - recipients (names are not unique, H26) and archived records: the same
//     content claims one earlier row each, so k copies in a file match k
//     earlier copies and a (k+1)th is new.
//   - phone scans: a scan queued, purchased or applied by an earlier run of
//     the same file (review ordinal, purchase and adjustment ordinal kept in
//     extra, inventory-update key) matches.
//   - within one file, a second record with the key of a row this run
//     created is never matched to it: it is archived verbatim with a
//     warning naming both records (run_created.go).
//
// A second tenant shares nothing: every lookup is within the tenant.
//
// # Lots
//
// A lot's quantity is in its product's package_unit (H18), unit_cost per that
// unit and unknown when the file has none (H17); the ordinal is the record's
// index in the file, FIFO's tie-breaker for lots bought the same day. A phone
// purchase makes one lot per package, the last one partial (1.5 packages of
// 5 lb: lots of 5 and 2.5 lb), exactly like add_purchase.
package importer

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
)

// Importer runs imports and exports against the store.
type Importer struct {
	store  *store.Store
	logger *slog.Logger
	now    func() time.Time
}

// New returns an Importer over s.
func New(s *store.Store, logger *slog.Logger) *Importer {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Importer{store: s, logger: logger, now: time.Now}
}

// Options tune one import.
type Options struct {
	// Kind is desktop, mobile, or empty to detect from the file.
	Kind Kind
	// DryRun does everything and rolls it back: the report is the real
	// run's, and nothing is written (not even the import_runs row).
	DryRun bool
	// Filename is recorded with the run.
	Filename string
	// UserID is the acting user (nil for the operator's CLI).
	UserID *uuid.UUID
	// Progress, when set, is told how many records of each section have
	// been processed, as the import goes.
	Progress func(section string, done, total int)
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("dry run")

// ErrNoTenant is returned when the tenant does not exist.
var ErrNoTenant = errors.New("no such tenant")

// Import reads data and loads it into tenant. A file that cannot be
// recognised is an error wrapping ErrUnrecognised; a failure while writing
// leaves the tenant exactly as it was.
func (im *Importer) Import(ctx context.Context, tenant uuid.UUID, data []byte, opts Options) (*Report, error) {
	f, err := Decode(data)
	if err != nil {
		return nil, err
	}
	if err := checkKind(opts.Kind, f); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	content := contentHash(f)
	var rep *Report
	err = im.store.InTenantTx(ctx, tenant, func(tx pgx.Tx) error {
		q := queries.New(tx)
		if _, err := q.TenantGet(ctx, queries.TenantGetParams{ID: tenant}); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("%w: %s", ErrNoTenant, tenant)
			}
			return fmt.Errorf("import: read tenant: %w", err)
		}
		if err := q.TenantLock(ctx, queries.TenantLockParams{TenantID: tenant, Scope: "import"}); err != nil {
			return fmt.Errorf("import: lock: %w", err)
		}
		var version *string
		if f.Version != "" {
			version = &f.Version
		}
		run, err := q.ImportRunCreate(ctx, queries.ImportRunCreateParams{
			TenantID: tenant, Format: string(f.Format), Version: version, Filename: opts.Filename,
			Sha256: sum[:], ContentSha256: content, Original: data, CreatedBy: opts.UserID,
		})
		if err != nil {
			return fmt.Errorf("import: record run: %w", err)
		}
		prev, err := q.ImportRunPrevious(ctx, queries.ImportRunPreviousParams{TenantID: tenant, Sha256: sum[:], ContentSha256: content, ID: run.ID})
		if err != nil {
			return fmt.Errorf("import: earlier runs: %w", err)
		}
		l := &loader{
			ctx: ctx, q: q, tenant: tenant, importID: run.ID, user: opts.UserID, prev: prev,
			rep: newReport(string(f.Format), f.Version, opts.Filename, opts.DryRun), progress: opts.Progress, now: im.now,
		}
		if !opts.DryRun {
			l.rep.ImportID = &run.ID
		}
		if f.NULs > 0 {
			l.rep.warn("", -1, "removed %d NUL (\\u0000) characters from text: the database cannot store them", f.NULs)
		}
		if f.Format.Mobile() {
			err = l.mobile(f)
		} else {
			err = l.desktop(f)
		}
		if err != nil {
			return err
		}
		if err := l.p.flush(ctx, q, tenant, run.ID); err != nil {
			return err
		}
		if err := l.rep.check(); err != nil {
			return err
		}
		body, err := json.Marshal(l.rep)
		if err != nil {
			return fmt.Errorf("import: encode report: %w", err)
		}
		if err := q.ImportRunSetReport(ctx, queries.ImportRunSetReportParams{TenantID: tenant, ID: run.ID, Report: body}); err != nil {
			return fmt.Errorf("import: store report: %w", err)
		}
		rep = l.rep
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return rep, nil
	}
	if err != nil {
		return nil, describeDBError(err)
	}
	im.logger.InfoContext(ctx, "import finished", "tenant", tenant, "import_id", rep.ImportID, "format", rep.Format,
		"records", rep.Totals().Read, "warnings", len(rep.Warnings))
	return rep, nil
}

// describeDBError turns a database error into a sentence that names the
// table and constraint, so an operator knows which section to fix.
func describeDBError(err error) error {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return err
	}
	msg := pgErr.Message
	if pgErr.Detail != "" {
		msg += " (" + pgErr.Detail + ")"
	}
	if pgErr.ConstraintName != "" {
		msg += " [constraint " + pgErr.ConstraintName + "]"
	}
	return fmt.Errorf("%w: nothing was imported: %s", err, msg)
}

// loader is the state of one import: the tenant's existing keys, the rows
// waiting to be written and the report.
type loader struct {
	ctx      context.Context
	q        *queries.Queries
	tenant   uuid.UUID
	importID uuid.UUID
	user     *uuid.UUID
	// prev are the earlier runs of the same file.
	prev     []uuid.UUID
	rep      *Report
	progress func(section string, done, total int)
	now      func() time.Time
	p        pending

	idx indexes
	// archive holds earlier archived records (loaded on first use).
	archive queue
	// st is the purchases and lots state (loaded on first use).
	st *stockState
	// runCreated are the rows this import created, by the record that
	// created them (duplicates within one file, run_created.go).
	runCreated map[uuid.UUID]createdBy
	ordinals   map[string]int
	// storedLines are the tenant's recipe lines by recipe (loaded when a
	// matched recipe is compared, recipe_match.go).
	storedLines map[uuid.UUID][]queries.RecipeIngredient
}

// imp is the import id as a nullable column value.
func (l *loader) imp() *uuid.UUID { id := l.importID; return &id }

// tick reports progress every so many records and at the end of a section.
func (l *loader) tick(section string, done, total int) {
	if l.progress != nil && (done == total || done%500 == 0) {
		l.progress(section, done, total)
	}
}

// flush writes what the sections so far produced.
func (l *loader) flush() error { return l.p.flush(l.ctx, l.q, l.tenant, l.importID) }

// envelopeTimestamps are the top-level keys that change with every export
// of the same data: a file that differs only in them is the same content.
var envelopeTimestamps = map[string]bool{"exported_at": true, "export_date": true, "created_at": true, "transformed_at": true}

// contentHash is sha256 over the file's canonical JSON without its envelope
// timestamps: what "an earlier run of the same file" means for matching
// records without a natural key (lots, purchases, phone scans). The raw
// bytes' sha256 is still recorded for the original file.
func contentHash(f *File) []byte {
	top := make(map[string]json.RawMessage, len(f.Top))
	for k, v := range f.Top {
		if !envelopeTimestamps[k] {
			top[k] = v
		}
	}
	raw, err := json.Marshal(top)
	if err != nil {
		return nil
	}
	sum := sha256.Sum256([]byte(canonicalJSON(raw)))
	return sum[:]
}
