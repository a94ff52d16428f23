package store_test

import (
	"testing"

	"github.com/baketracker/baketracker/store"
)

// TestReferenceTablesAreReadOnly: the global reference tables (the unit
// table and the density library) have no tenant and are the same for
// everyone, so requests may read them and never change them.
func TestReferenceTablesAreReadOnly(t *testing.T) {
	t.Parallel()
	conn := superConn(t)
	for _, table := range []string{"units", "density_library"} {
		var rows int
		if err := conn.QueryRow(t.Context(), "SELECT count(*) FROM "+table).Scan(&rows); err != nil || rows == 0 {
			t.Fatalf("%s: %d rows (%v), want seeded rows", table, rows, err)
		}
		for priv, want := range map[string]bool{"SELECT": true, "INSERT": false, "UPDATE": false, "DELETE": false, "TRUNCATE": false} {
			var has bool
			if err := conn.QueryRow(t.Context(), `SELECT has_table_privilege($1, $2::regclass, $3)`, store.RequestRole, table, priv).Scan(&has); err != nil {
				t.Fatal(err)
			}
			if has != want {
				t.Errorf("%s: request role %s = %v, want %v", table, priv, has, want)
			}
		}
	}
}
