package store_test

import (
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/queries"
)

// TestSnapshotRefusesWrites: a write inside Snapshot fails with SQLSTATE
// 25006 (read_only_sql_transaction) and leaves nothing behind.
func TestSnapshotRefusesWrites(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := dbtest.Store(t)
	a := dbtest.NewTenant(t, s)
	err := s.SnapshotTx(ctx, a.ID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO suppliers (tenant_id, slug, name, name_key) VALUES ($1, 'snap', 'Snap', 'snap')`, a.ID)
		return err
	})
	if got := sqlState(err); got != "25006" {
		t.Fatalf("write inside a snapshot: %v (SQLSTATE %q), want 25006", err, got)
	}
	var n int
	if err := s.InTenantTx(ctx, a.ID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT count(*) FROM suppliers WHERE tenant_id = $1`, a.ID).Scan(&n)
	}); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d suppliers after a refused write", n)
	}
}

// TestSnapshotSeesOneState: a commit made by another transaction between two
// statements of a Snapshot is invisible to the second statement, and the
// snapshot still runs as the request role with the tenant set.
func TestSnapshotSeesOneState(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := dbtest.Store(t)
	a := dbtest.NewTenant(t, s)
	count := func(q queries.DBTX) (n int) {
		t.Helper()
		if err := q.QueryRow(ctx, `SELECT count(*) FROM suppliers WHERE tenant_id = current_setting('app.tenant_id')::uuid`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	err := s.SnapshotTx(ctx, a.ID, func(tx pgx.Tx) error {
		before := count(tx)
		if err := s.InTenantTx(ctx, a.ID, func(w pgx.Tx) error {
			_, err := w.Exec(ctx, `INSERT INTO suppliers (tenant_id, slug, name, name_key) VALUES ($1, 'late', 'Late', 'late')`, a.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if after := count(tx); after != before {
			t.Errorf("snapshot saw %d suppliers, then %d after another transaction committed", before, after)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The control: outside the snapshot the committed row is visible, so the
	// assertion above is not vacuous.
	if err := s.InTenantTx(ctx, a.ID, func(tx pgx.Tx) error {
		if n := count(tx); n != 1 {
			t.Errorf("after the snapshot: %d suppliers, want 1", n)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
