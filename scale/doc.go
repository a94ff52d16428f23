// Package scale holds what running BakeTracker on Citus takes: the
// distribution statements (distribute.sql, generated from the migrated schema
// by this package's test, so a new table cannot be left out) and the script
// that proves them on a real coordinator and two workers (citus-check.sh).
// See docs/scaling.md.
package scale

import _ "embed"

// DistributeSQL distributes every tenant table by tenant_id, co-located with
// tenants (distributed by id), and makes every global table a reference
// table. It is idempotent: run it on the coordinator after every migration.
//
//go:embed distribute.sql
var DistributeSQL string
