-- Foundation: the tenant context, the RLS helper every tenant table uses, and the
-- tables identity and imports hang off. Runs as the owner role; requests run as
-- baketracker_app (see store/roles.go), which owns nothing and has no BYPASSRLS.

-- +goose Up

-- current_tenant_id is the single source of the tenant for every policy.
-- STABLE, not IMMUTABLE: an immutable function is folded into cached plans and
-- leaks one tenant's value into another's prepared statement (pgx #2007), and a
-- VOLATILE one cannot be an index condition. It raises when no tenant is set, so
-- a forgotten tenant fails loudly instead of returning nothing or everything:
-- NULL (never set on this connection) and '' (set earlier, transaction ended)
-- both refuse.
-- +goose StatementBegin
CREATE FUNCTION current_tenant_id() RETURNS uuid
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v text := current_setting('app.tenant_id', true);
BEGIN
    IF v IS NULL OR v = '' THEN
        RAISE EXCEPTION 'tenant context not set' USING ERRCODE = '42501';
    END IF;
    RETURN v::uuid;
END
$$;
-- +goose StatementEnd

-- enable_tenant_rls puts a tenant table behind RLS the same way every time:
-- enabled and forced (so the owner is filtered too), a RESTRICTIVE tenant guard
-- for reads and writes (restrictive policies AND together, so a later permissive
-- policy cannot widen access), one permissive base policy (RLS with no
-- permissive policy denies everything), and DML grants without TRUNCATE, which
-- RLS does not cover. Immutable logs pass 'SELECT, INSERT'.
-- +goose StatementBegin
CREATE FUNCTION enable_tenant_rls(tbl regclass, privileges text DEFAULT 'SELECT, INSERT, UPDATE, DELETE')
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format('CREATE POLICY tenant_guard ON %s AS RESTRICTIVE
        USING (tenant_id = (SELECT current_tenant_id()))
        WITH CHECK (tenant_id = (SELECT current_tenant_id()))', tbl);
    EXECUTE format('CREATE POLICY tenant_access ON %s USING (true) WITH CHECK (true)', tbl);
    EXECUTE format('GRANT %s ON %s TO baketracker_app', privileges, tbl);
END
$$;
-- +goose StatementEnd
REVOKE ALL ON FUNCTION enable_tenant_rls(regclass, text) FROM PUBLIC;

-- tenants is the root: its id is the tenant id, so its guard compares id.
-- Under Citus it becomes a reference table.
CREATE TABLE tenants (
    id         uuid        NOT NULL PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_guard ON tenants AS RESTRICTIVE
    USING (id = (SELECT current_tenant_id()))
    WITH CHECK (id = (SELECT current_tenant_id()));
CREATE POLICY tenant_access ON tenants USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants TO baketracker_app;

CREATE TABLE users (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    email        text        NOT NULL CHECK (email LIKE '%_@_%'),
    display_name text,
    role         text        NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    -- auth_provider/auth_subject: the identity provider's subject (a Firebase uid).
    auth_provider text,
    auth_subject  text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CHECK ((auth_provider IS NULL) = (auth_subject IS NULL))
);
CREATE UNIQUE INDEX users_tenant_email_key ON users (tenant_id, lower(email));
CREATE UNIQUE INDEX users_tenant_subject_key ON users (tenant_id, auth_provider, auth_subject)
    WHERE auth_subject IS NOT NULL;
SELECT enable_tenant_rls('users');

-- api_tokens stores only a SHA-256 of the secret. The token text carries the
-- tenant and token ids, so authentication is a primary-key read inside the
-- token's own tenant: no cross-tenant lookup, no BYPASSRLS role.
CREATE TABLE api_tokens (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id      uuid        NOT NULL,
    name         text        NOT NULL DEFAULT '',
    secret_hash  bytea       NOT NULL CHECK (length(secret_hash) = 32),
    read_only    boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX api_tokens_user_idx ON api_tokens (tenant_id, user_id);
SELECT enable_tenant_rls('api_tokens');

-- idempotency_keys remembers the result of a write so that a retry with the
-- same key returns it instead of writing again. The key row is inserted in the
-- write's own transaction, so a concurrent retry waits on the unique index and
-- then sees the stored result.
CREATE TABLE idempotency_keys (
    tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    key          text        NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    operation    text        NOT NULL,
    request_hash bytea       NOT NULL,
    response     jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, key)
);
SELECT enable_tenant_rls('idempotency_keys');

-- import_runs records every import (and dry run) with its report and the
-- original file, so the file can be downloaded again and nothing is lost.
CREATE TABLE import_runs (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    format      text        NOT NULL,
    version     text,
    filename    text        NOT NULL DEFAULT '',
    sha256      bytea       NOT NULL CHECK (length(sha256) = 32),
    original    bytea       NOT NULL,
    report      jsonb       NOT NULL DEFAULT '{}',
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (created_by)
);
CREATE INDEX import_runs_sha_idx ON import_runs (tenant_id, sha256);
SELECT enable_tenant_rls('import_runs', 'SELECT, INSERT, UPDATE');

-- import_archive keeps, verbatim, every record of a section we do not model
-- yet (and the envelope's unknown keys), to be promoted when the feature ships.
CREATE TABLE import_archive (
    tenant_id uuid    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id        uuid    NOT NULL DEFAULT gen_random_uuid(),
    import_id uuid    NOT NULL,
    section   text    NOT NULL,
    ordinal   integer NOT NULL CHECK (ordinal >= 0),
    payload   jsonb   NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, import_id, section, ordinal),
    FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX import_archive_section_idx ON import_archive (tenant_id, section);
SELECT enable_tenant_rls('import_archive', 'SELECT, INSERT');

-- +goose Down
DROP TABLE import_archive;
DROP TABLE import_runs;
DROP TABLE idempotency_keys;
DROP TABLE api_tokens;
DROP TABLE users;
DROP TABLE tenants;
DROP FUNCTION enable_tenant_rls(regclass, text);
DROP FUNCTION current_tenant_id();
