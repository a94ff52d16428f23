package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// The two roles the schema is written for. Roles are cluster-wide, so every
// database on one server shares them.
const (
	// OwnerRole owns the tables when migrations run as a superuser. On a
	// managed server, where DATABASE_URL is the owner, the login itself owns
	// them instead.
	OwnerRole = "baketracker_owner"
	// RequestRole is what every request runs as (SET LOCAL ROLE): it owns
	// nothing, is no superuser, has no BYPASSRLS and is no member of the
	// owner, so row-level security applies to it in full.
	RequestRole = "baketracker_app"
)

// bootstrap creates the roles (when missing) and returns the role migrations
// must run as: OwnerRole for a superuser login, "" (the login itself)
// otherwise. It runs before every migration and is idempotent.
func bootstrap(ctx context.Context, conn *pgx.Conn) (migrateAs string, err error) {
	var super, createRole bool
	var db string
	if err := conn.QueryRow(ctx,
		`SELECT rolsuper, rolcreaterole, current_database() FROM pg_roles WHERE rolname = current_user`,
	).Scan(&super, &createRole, &db); err != nil {
		return "", fmt.Errorf("bootstrap: read login: %w", err)
	}
	if super {
		if err := createRoleIfMissing(ctx, conn, OwnerRole); err != nil {
			return "", err
		}
		if err := createRoleIfMissing(ctx, conn, RequestRole); err != nil {
			return "", err
		}
		// The owner needs to create objects; the default privileges of
		// PostgreSQL 15 no longer let PUBLIC create in schema public.
		for _, stmt := range []string{
			fmt.Sprintf("GRANT CREATE, TEMP ON DATABASE %s TO %s", pgx.Identifier{db}.Sanitize(), OwnerRole),
			fmt.Sprintf("GRANT USAGE, CREATE ON SCHEMA public TO %s", OwnerRole),
		} {
			if _, err := conn.Exec(ctx, stmt); err != nil {
				return "", fmt.Errorf("bootstrap: %s: %w", stmt, err)
			}
		}
		return OwnerRole, nil
	}

	// A managed server: the login owns the schema and must be able to
	// become the request role.
	var exists, member bool
	if err := conn.QueryRow(ctx,
		`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1),
		        EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AND pg_has_role(current_user, $1, 'MEMBER')`,
		RequestRole).Scan(&exists, &member); err != nil {
		return "", fmt.Errorf("bootstrap: read roles: %w", err)
	}
	if !exists {
		if !createRole {
			return "", fmt.Errorf("bootstrap: role %s is missing and this login cannot create it: "+
				"CREATE ROLE %s NOLOGIN, then GRANT %s TO the login", RequestRole, RequestRole, RequestRole)
		}
		if err := createRoleIfMissing(ctx, conn, RequestRole); err != nil {
			return "", err
		}
	}
	if !member {
		stmt := fmt.Sprintf("GRANT %s TO CURRENT_USER", RequestRole)
		if _, err := conn.Exec(ctx, stmt); err != nil {
			return "", fmt.Errorf("bootstrap: %s: %w", stmt, err)
		}
	}
	return "", nil
}

// createRoleIfMissing creates a NOLOGIN role with no special attributes. Two
// processes may race here (parallel test packages, replicas starting at
// once), so a duplicate is not an error.
func createRoleIfMissing(ctx context.Context, conn *pgx.Conn, role string) error {
	stmt := fmt.Sprintf(`DO $$ BEGIN
		CREATE ROLE %s NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
	EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
	END $$`, pgx.Identifier{role}.Sanitize())
	if _, err := conn.Exec(ctx, stmt); err != nil {
		return fmt.Errorf("bootstrap: create role %s: %w", role, err)
	}
	return nil
}
