-- Sessions, API token expiry and security events (issue 11).

-- +goose Up
-- expires_at NULL means the token never expires; Verify refuses a token
-- whose expiry has passed.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;

-- sessions are server-side web sessions behind the baketracker_session
-- cookie, whose text is "bts_" + base64url(tenant id | session id | secret):
-- like an API token, verifying one is a primary-key read inside its own
-- tenant. Only SHA-256 of the secret is stored. The CSRF token is derived
-- from the secret (HMAC), so it needs no column. token_id is the API token a
-- session was opened with: revoking or expiring that token ends the session.
-- account_id is the Firebase account a session was opened for (no foreign
-- key here: accounts is a global table of its own migration).
CREATE TABLE sessions (
    tenant_id           uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                  uuid        NOT NULL DEFAULT gen_random_uuid(),
    secret_hash         bytea       NOT NULL CHECK (length(secret_hash) = 32),
    user_id             uuid        NOT NULL,
    account_id          uuid,
    token_id            uuid,
    read_only           boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    last_seen_at        timestamptz NOT NULL DEFAULT now(),
    idle_expires_at     timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    revoked_at          timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, token_id) REFERENCES api_tokens (tenant_id, id) ON DELETE CASCADE,
    CHECK (idle_expires_at <= absolute_expires_at)
);
CREATE INDEX sessions_user_idx ON sessions (tenant_id, user_id);
SELECT enable_tenant_rls('sessions');

-- security_events is an append-only log owners read (GET
-- /api/security-events): failed authentications, role denials, invitation
-- misuse, token and session changes. It never holds a token or secret.
CREATE TABLE security_events (
    tenant_id      uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    kind           text        NOT NULL CHECK (kind ~ '^[a-z_]{1,60}$'),
    user_id        uuid,
    request_id     text        NOT NULL DEFAULT '' CHECK (length(request_id) <= 200),
    client_address text        NOT NULL DEFAULT '' CHECK (length(client_address) <= 100),
    detail         jsonb       NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX security_events_created_idx ON security_events (tenant_id, created_at DESC);
SELECT enable_tenant_rls('security_events', 'SELECT, INSERT');

-- +goose Down
DROP TABLE security_events;
DROP TABLE sessions;
ALTER TABLE api_tokens DROP COLUMN expires_at;
