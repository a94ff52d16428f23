-- Web app (issue 13): a capture queued on a phone while offline is sent
-- with an Idempotency-Key made on the device; a resend (the connection
-- dropped before the answer arrived) must not make a second capture.

-- +goose Up
-- capture_create_keys claims each key once per tenant, in the transaction
-- that creates the capture; a repeat finds the capture it made.
CREATE TABLE capture_create_keys (
    tenant_id  uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    key        text        NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    capture_id uuid        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key),
    FOREIGN KEY (tenant_id, capture_id) REFERENCES captures (tenant_id, id) ON DELETE CASCADE
);
SELECT enable_tenant_rls('capture_create_keys');

-- +goose Down
DROP TABLE capture_create_keys;
