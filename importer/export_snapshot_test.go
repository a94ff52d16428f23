package importer_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestExportBesideConcurrentWriterIsConsistent guards the hazard of an export
// read by many statements seeing a concurrent write half-done: a writer adds
// a purchase and its lot in one transaction, in a loop, while exports run.
// Every export must hold as many lots as purchases, and every lot's
// purchase_uuid must name a purchase in the same file.
func TestExportBesideConcurrentWriterIsConsistent(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	var product, supplier string
	err := e.store.InTenantTx(ctx, e.tenant, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO suppliers (tenant_id, slug, name, name_key) VALUES ($1, 'mill', 'Mill', 'mill') RETURNING id::text`, e.tenant).Scan(&supplier); err != nil {
			return err
		}
		var ing string
		if err := tx.QueryRow(ctx, `INSERT INTO ingredients (tenant_id, slug, display_name, name_key, hierarchy_level) VALUES ($1, 'flour', 'Flour', 'flour', 2) RETURNING id::text`, e.tenant).Scan(&ing); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO products (tenant_id, ingredient_id, slug, name_key, package_unit, package_unit_quantity) VALUES ($1, $2, 'flour:Mill:5:lb', 'flour', 'lb', 5) RETURNING id::text`, e.tenant, ing).Scan(&product)
	})
	if err != nil {
		t.Fatal(err)
	}

	done := make(chan struct{})
	var wg sync.WaitGroup
	var writes int
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		// Bounded, so the exports stay small and the test quick.
		for range 400 {
			writeErr = e.store.InTenantTx(ctx, e.tenant, func(tx pgx.Tx) error {
				var purchase string
				if err := tx.QueryRow(ctx, `INSERT INTO purchases (tenant_id, product_id, supplier_id, purchase_date, quantity_purchased, unit_price)
					VALUES ($1, $2, $3, '2025-12-01', 1, 4.99) RETURNING id::text`, e.tenant, product, supplier).Scan(&purchase); err != nil {
					return err
				}
				_, err := tx.Exec(ctx, `INSERT INTO pantry_items (tenant_id, product_id, purchase_id, initial_quantity, quantity, unit_cost, purchase_date)
					VALUES ($1, $2, $3, 5, 5, 0.998, '2025-12-01')`, e.tenant, product, purchase)
				return err
			})
			if writeErr != nil {
				return
			}
			writes++
		}
	}()

	// Export until the writer is done, so every export overlaps writes.
	exports := 0
	for i := 0; ; i++ {
		if isClosed(done) {
			break
		}
		exports++
		var doc struct {
			Purchases []struct {
				UUID string `json:"uuid"`
			} `json:"purchases"`
			Lots []struct {
				PurchaseUUID string `json:"purchase_uuid"`
			} `json:"inventory_items"`
		}
		if err := json.Unmarshal(e.export(), &doc); err != nil {
			t.Fatal(err)
		}
		purchases := map[string]bool{}
		for _, p := range doc.Purchases {
			purchases[p.UUID] = true
		}
		if len(doc.Lots) != len(doc.Purchases) {
			t.Errorf("export %d: %d lots but %d purchases (each write adds one of each)", i, len(doc.Lots), len(doc.Purchases))
		}
		for _, l := range doc.Lots {
			if !purchases[l.PurchaseUUID] {
				t.Errorf("export %d: lot names purchase %q, which the export does not hold", i, l.PurchaseUUID)
				break
			}
		}
	}
	wg.Wait()
	if writeErr != nil {
		t.Fatalf("writer: %v", writeErr)
	}
	if writes == 0 || exports < 2 {
		t.Fatalf("%d writes beside %d exports prove nothing", writes, exports)
	}
	t.Logf("%d writes beside %d exports", writes, exports)
}

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
