package store_test

import (
	"testing"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/schema"
	"github.com/baketracker/baketracker/store"
)

// TestMigrateDownAndUp rolls every migration back and applies them again on a
// database of its own, so each Down section is proven to undo its Up.
func TestMigrateDownAndUp(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	url := dbtest.NewDatabase(t)
	files, err := schema.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	migrations := 0
	for _, f := range files {
		if len(f.Name()) > 4 && f.Name()[len(f.Name())-4:] == ".sql" {
			migrations++
		}
	}
	for range migrations {
		if err := store.MigrateDown(ctx, url, nil); err != nil {
			t.Fatal(err)
		}
	}
	states, err := store.MigrateStatus(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) != migrations {
		t.Fatalf("status lists %d migrations, want %d", len(states), migrations)
	}
	for _, s := range states {
		if s.Applied {
			t.Errorf("migration %d still applied after rolling everything back", s.Version)
		}
	}
	if err := store.MigrateUp(ctx, url, nil); err != nil {
		t.Fatal(err)
	}
	states, err = store.MigrateStatus(ctx, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		if !s.Applied {
			t.Errorf("migration %d pending after up", s.Version)
		}
	}
}
