package store_test

import (
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/queries"
	"github.com/baketracker/baketracker/store"
)

// BenchmarkReadOneRow compares one get-by-id read three ways, with 16
// concurrent workers as the issue specifies (b.SetParallelism(8) on 2 cores):
//
//   - Bare: the query on the pool, no transaction, no RLS role (the floor).
//   - ReadTenant: begin, role, tenant, select and commit pipelined in one round trip.
//   - InTenant: a real transaction: begin+role+tenant (one message), select, commit.
//
// Run: go test -run=NONE -bench=ReadOneRow -benchtime=5s ./store/
func BenchmarkReadOneRow(b *testing.B) {
	ctx := b.Context()
	s, err := store.Open(ctx, dbtest.DatabaseURL(b), store.Options{MaxConns: 16})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.Close)
	tn := dbtest.NewTenant(b, s)
	var id uuid.UUID
	if err := s.InTenantTx(ctx, tn.ID, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO ingredients (tenant_id, slug, display_name, name_key)
			VALUES ($1, 'flour', 'Flour', 'flour') RETURNING id`, tn.ID).Scan(&id)
	}); err != nil {
		b.Fatal(err)
	}
	params := queries.IngredientGetParams{TenantID: tn.ID, ID: id}

	run := func(b *testing.B, read func() error) {
		b.SetParallelism(8)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := read(); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reads/s")
	}
	b.Run("Bare", func(b *testing.B) {
		q := queries.New(store.Pool(s))
		run(b, func() error { _, err := q.IngredientGet(ctx, params); return err })
	})
	b.Run("ReadTenant", func(b *testing.B) {
		run(b, func() error {
			return s.ReadTenant(ctx, tn.ID, func(q *queries.Queries) error { _, err := q.IngredientGet(ctx, params); return err })
		})
	})
	b.Run("InTenant", func(b *testing.B) {
		run(b, func() error {
			return s.InTenant(ctx, tn.ID, func(q *queries.Queries) error { _, err := q.IngredientGet(ctx, params); return err })
		})
	})
}
