-- A purchase remembers the receipt line it taught its store (normalised as
-- store_aliases.raw_key), so undoing it can forget the line unless another
-- purchase at that store taught it too.

-- +goose Up
ALTER TABLE purchases ADD COLUMN receipt_key text CHECK (length(receipt_key) BETWEEN 1 AND 200);
CREATE INDEX purchases_receipt_key_idx ON purchases (tenant_id, supplier_id, receipt_key) WHERE receipt_key IS NOT NULL;

-- +goose Down
DROP INDEX purchases_receipt_key_idx;
ALTER TABLE purchases DROP COLUMN receipt_key;
