-- Accounts and invitations: who a signed-in person is before the tenant is
-- known (docs/tenant-isolation.md, "Who is this person before the tenant is
-- known"), and how they join a household.

-- +goose Up

-- The account context mirrors the tenant context: store.InAccount sets
-- app.auth_provider and app.auth_subject for one transaction from a verified
-- token, and these functions raise when either is unset, so a forgotten
-- context fails loudly. STABLE for the same reason as current_tenant_id.
-- +goose StatementBegin
CREATE FUNCTION current_account_provider() RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v text := current_setting('app.auth_provider', true);
BEGIN
    IF v IS NULL OR v = '' THEN
        RAISE EXCEPTION 'account context not set' USING ERRCODE = '42501';
    END IF;
    RETURN v;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION current_account_subject() RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
    v text := current_setting('app.auth_subject', true);
BEGIN
    IF v IS NULL OR v = '' THEN
        RAISE EXCEPTION 'account context not set' USING ERRCODE = '42501';
    END IF;
    RETURN v;
END
$$;
-- +goose StatementEnd

-- accounts is global (a person across households) but the request role only
-- ever sees the one row of the verified caller.
CREATE TABLE accounts (
    id             uuid        NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
    provider       text        NOT NULL CHECK (length(provider) BETWEEN 1 AND 50),
    subject        text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    email          text        NOT NULL DEFAULT '',
    email_verified boolean     NOT NULL DEFAULT false,
    display_name   text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider, subject)
);
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY account_guard ON accounts AS RESTRICTIVE
    USING (provider = (SELECT current_account_provider()) AND subject = (SELECT current_account_subject()))
    WITH CHECK (provider = (SELECT current_account_provider()) AND subject = (SELECT current_account_subject()));
CREATE POLICY account_access ON accounts USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON accounts TO baketracker_app;

-- account_memberships says in which tenants an account has a users row. Its
-- guard goes through accounts, which is itself filtered to the caller, so a
-- request sees only its own memberships whatever tenant is set. Rows go when
-- the tenant or the users row goes (a removed member loses the membership).
CREATE TABLE account_memberships (
    account_id uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    tenant_id  uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, tenant_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX account_memberships_user_idx ON account_memberships (tenant_id, user_id);
ALTER TABLE account_memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY account_guard ON account_memberships AS RESTRICTIVE
    USING (account_id IN (SELECT id FROM accounts))
    WITH CHECK (account_id IN (SELECT id FROM accounts));
CREATE POLICY account_access ON account_memberships USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, DELETE ON account_memberships TO baketracker_app;

-- invitations are tenant rows. The code carries tenant id, invitation id and
-- a secret (like API tokens), so accepting is a primary-key read inside the
-- named tenant; only SHA-256 of the secret is stored.
CREATE TABLE invitations (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    secret_hash bytea       NOT NULL CHECK (length(secret_hash) = 32),
    email       text        CHECK (email IS NULL OR email LIKE '%_@_%'),
    role        text        NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    created_by  uuid,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by uuid,
    revoked_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (created_by),
    FOREIGN KEY (tenant_id, accepted_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (accepted_by)
);
SELECT enable_tenant_rls('invitations', 'SELECT, INSERT, UPDATE');

-- +goose Down
DROP TABLE invitations;
DROP TABLE account_memberships;
DROP TABLE accounts;
DROP FUNCTION current_account_subject();
DROP FUNCTION current_account_provider();
