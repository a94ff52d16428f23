// Package schema holds the ordered goose migrations. sqlc reads the same files
// to type the queries, and the binary embeds them to migrate at start-up.
package schema

import "embed"

// FS holds the migration files, named NNNNN_description.sql.
//
//go:embed *.sql
var FS embed.FS
