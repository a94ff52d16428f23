-- The agent's behaviour (issue 12): writes recorded per capture for undo,
-- receipt lines learned per store, model token spend, the tenant's time zone.

-- +goose Up

-- capture_writes is every write a confirm performed, with the tool's result
-- (the ids it created or changed and the values before), which is what undo
-- reverses. One row per confirmed proposal.
CREATE TABLE capture_writes (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    capture_id  uuid        NOT NULL,
    proposal_id text        NOT NULL CHECK (length(proposal_id) BETWEEN 1 AND 100),
    position    integer     NOT NULL CHECK (position >= 0),
    tool        text        NOT NULL CHECK (length(tool) BETWEEN 1 AND 100),
    arguments   jsonb       NOT NULL,
    result      jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, capture_id, proposal_id),
    FOREIGN KEY (tenant_id, capture_id) REFERENCES captures (tenant_id, id) ON DELETE CASCADE
);
SELECT enable_tenant_rls('capture_writes', 'SELECT, INSERT');

-- A capture can be undone (its outcome per write is kept in undo so a second
-- undo answers the same), and carries the tokens its model calls used.
ALTER TABLE captures DROP CONSTRAINT captures_status_check;
ALTER TABLE captures ADD CONSTRAINT captures_status_check
    CHECK (status IN ('pending', 'proposed', 'answered', 'failed', 'confirmed', 'discarded', 'undone'));
ALTER TABLE captures ADD COLUMN undo jsonb;
ALTER TABLE captures ADD COLUMN prompt_tokens     bigint NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0);
ALTER TABLE captures ADD COLUMN candidates_tokens bigint NOT NULL DEFAULT 0 CHECK (candidates_tokens >= 0);
ALTER TABLE captures ADD COLUMN total_tokens      bigint NOT NULL DEFAULT 0 CHECK (total_tokens >= 0);

-- ai_usage is the tenant's model spend per calendar month (UTC), which
-- AI_MONTHLY_TOKEN_LIMIT is checked against.
CREATE TABLE ai_usage (
    tenant_id         uuid    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    month             date    NOT NULL CHECK (extract(day FROM month) = 1),
    model_calls       integer NOT NULL DEFAULT 0 CHECK (model_calls >= 0),
    prompt_tokens     bigint  NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
    candidates_tokens bigint  NOT NULL DEFAULT 0 CHECK (candidates_tokens >= 0),
    total_tokens      bigint  NOT NULL DEFAULT 0 CHECK (total_tokens >= 0),
    PRIMARY KEY (tenant_id, month)
);
SELECT enable_tenant_rls('ai_usage', 'SELECT, INSERT, UPDATE');

-- store_aliases: a receipt line as a store prints it ("KS ORG AP FLR 25LB")
-- and the product it was confirmed as, per store. raw_key is the line
-- normalised (lower case, single spaces).
CREATE TABLE store_aliases (
    tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    supplier_id uuid        NOT NULL,
    raw_key     text        NOT NULL CHECK (length(raw_key) BETWEEN 1 AND 200),
    raw_text    text        NOT NULL CHECK (length(raw_text) BETWEEN 1 AND 200),
    product_id  uuid        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, supplier_id, raw_key),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX store_aliases_product_idx ON store_aliases (tenant_id, product_id);
SELECT enable_tenant_rls('store_aliases');

-- The household's time zone (an IANA name, checked by the tool that sets
-- it): "today" for the agent is the tenant's today.
ALTER TABLE tenants ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64);

-- +goose Down
ALTER TABLE tenants DROP COLUMN time_zone;
DROP TABLE store_aliases;
DROP TABLE ai_usage;
ALTER TABLE captures DROP COLUMN total_tokens;
ALTER TABLE captures DROP COLUMN candidates_tokens;
ALTER TABLE captures DROP COLUMN prompt_tokens;
ALTER TABLE captures DROP COLUMN undo;
-- NOT VALID: an undone capture stays as it is (rows cannot be rewritten
-- here, under forced RLS with no tenant).
ALTER TABLE captures DROP CONSTRAINT captures_status_check;
ALTER TABLE captures ADD CONSTRAINT captures_status_check
    CHECK (status IN ('pending', 'proposed', 'answered', 'failed', 'confirmed', 'discarded')) NOT VALID;
DROP TABLE capture_writes;
