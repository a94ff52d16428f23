package tools

import (
	"strings"
	"sync"
	"testing"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/queries"
)

// The supplier helpers are unexported (the pantry tools call them), so they
// are tested from inside the package.
func TestSupplierHelpers(t *testing.T) {
	t.Parallel()
	s := dbtest.Store(t)
	tn := dbtest.NewTenant(t, s)
	ctx := t.Context()
	in := func(fn func(q *queries.Queries) error) {
		t.Helper()
		if err := s.InTenant(ctx, tn.ID, fn); err != nil {
			t.Fatal(err)
		}
	}

	// Concurrent first uses create one placeholder.
	var wg sync.WaitGroup
	ids := make([]string, 4)
	for i := range ids {
		wg.Go(func() {
			_ = s.InTenant(ctx, tn.ID, func(q *queries.Queries) error {
				u, err := unknownSupplier(ctx, q, tn.ID)
				ids[i] = u.ID.String()
				return err
			})
		})
	}
	wg.Wait()
	for _, id := range ids[1:] {
		if id != ids[0] || id == "" {
			t.Fatalf("unknown supplier ids %v, want one", ids)
		}
	}
	in(func(q *queries.Queries) error {
		u, err := unknownSupplier(ctx, q, tn.ID)
		if err != nil {
			return err
		}
		if u.Name != "Unknown" || u.Slug != "unknown_unknown_xx" || !u.IsPlaceholder || *u.State != "XX" {
			t.Errorf("unknown = %+v", u)
		}
		blank, err := supplierByName(ctx, q, tn.ID, "  ")
		if err != nil || blank.ID != u.ID {
			t.Errorf("blank name gave %+v, %v; want the placeholder", blank, err)
		}

		w, err := supplierByName(ctx, q, tn.ID, "Wegman’s")
		if err != nil {
			return err
		}
		if w.Name != "Wegman’s" || w.Slug != "wegmans" || w.SupplierType != "physical" || w.IsPlaceholder {
			t.Errorf("created %+v", w)
		}
		again, err := supplierByName(ctx, q, tn.ID, "WEGMANS")
		if err != nil || again.ID != w.ID {
			t.Errorf("second lookup %+v, %v; want %s", again, err, w.ID)
		}
		_, err = supplierByName(ctx, q, tn.ID, strings.Repeat("x", 201))
		if e, _ := AsError(err); e.Field != "store" || e.Code != "invalid_argument" {
			t.Errorf("long name: %v, want invalid store", err)
		}
		return nil
	})
	// Another tenant's lookup never finds this tenant's supplier.
	other := dbtest.NewTenant(t, s)
	if err := s.InTenant(ctx, other.ID, func(q *queries.Queries) error {
		w, err := supplierByName(ctx, q, other.ID, "Wegmans")
		if err != nil {
			return err
		}
		var mine queries.Supplier
		_ = s.InTenant(ctx, tn.ID, func(q *queries.Queries) error {
			mine, err = supplierByName(ctx, q, tn.ID, "Wegmans")
			return err
		})
		if w.ID == mine.ID {
			t.Errorf("other tenant got this tenant's supplier")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
