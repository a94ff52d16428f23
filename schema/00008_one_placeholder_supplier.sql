-- One placeholder supplier per tenant. Tools found the "Unknown" supplier by
-- slug and the importer by is_placeholder, so a file's "Unknown" with another
-- slug and a later add_purchase without a store made two. The placeholder is
-- now the tenant's is_placeholder row, and this index makes a second one
-- impossible (a concurrent creator's insert does nothing and it reads the
-- first one's row).

-- +goose Up
-- Earlier duplicates keep their purchases; only the oldest stays the
-- placeholder. RLS is lifted for this statement only: the owner is filtered
-- too (FORCE), and no tenant is set during a migration.
ALTER TABLE suppliers NO FORCE ROW LEVEL SECURITY;
UPDATE suppliers s SET is_placeholder = false
WHERE s.is_placeholder AND EXISTS (
    SELECT 1 FROM suppliers o
    WHERE o.tenant_id = s.tenant_id AND o.is_placeholder AND (o.created_at, o.id) < (s.created_at, s.id));
ALTER TABLE suppliers FORCE ROW LEVEL SECURITY;
CREATE UNIQUE INDEX suppliers_one_placeholder_idx ON suppliers (tenant_id) WHERE is_placeholder;

-- +goose Down
DROP INDEX suppliers_one_placeholder_idx;
