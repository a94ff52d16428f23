-- The state undo checks before removing what a create tool made: whether
-- it was edited since (updated_at moved) and what refers to it now. A row
-- that anything refers to stays; each count names one kind of reference,
-- including those whose foreign key would cascade or set null.

-- name: UndoIngredientState :one
SELECT i.created_at, i.updated_at,
    (SELECT count(*) FROM ingredient_aliases a WHERE a.tenant_id = @tenant_id AND a.ingredient_id = i.id)::int AS aliases,
    ((SELECT count(*) FROM products p WHERE p.tenant_id = @tenant_id AND p.ingredient_id = i.id)
   + (SELECT count(*) FROM recipe_ingredients r WHERE r.tenant_id = @tenant_id AND r.ingredient_id = i.id)
   + (SELECT count(*) FROM ingredients c WHERE c.tenant_id = @tenant_id AND c.parent_id = i.id)
   + (SELECT count(*) FROM production_consumptions pc WHERE pc.tenant_id = @tenant_id AND pc.ingredient_id = i.id))::int AS uses
FROM ingredients i
WHERE i.tenant_id = @tenant_id AND i.id = @id
FOR UPDATE OF i;

-- name: UndoIngredientDelete :execrows
DELETE FROM ingredients WHERE tenant_id = @tenant_id AND id = @id;

-- name: UndoProductState :one
SELECT p.created_at, p.updated_at,
    ((SELECT count(*) FROM purchases pu WHERE pu.tenant_id = @tenant_id AND pu.product_id = p.id)
   + (SELECT count(*) FROM pantry_items pi WHERE pi.tenant_id = @tenant_id AND pi.product_id = p.id)
   + (SELECT count(*) FROM barcode_reviews br WHERE br.tenant_id = @tenant_id AND br.resolved_product_id = p.id)
   + (SELECT count(*) FROM store_aliases sa WHERE sa.tenant_id = @tenant_id AND sa.product_id = p.id))::int AS uses
FROM products p
WHERE p.tenant_id = @tenant_id AND p.id = @id
FOR UPDATE OF p;

-- name: UndoProductDelete :execrows
DELETE FROM products WHERE tenant_id = @tenant_id AND id = @id;

-- name: UndoSupplierState :one
SELECT s.created_at, s.updated_at,
    ((SELECT count(*) FROM products p WHERE p.tenant_id = @tenant_id AND p.preferred_supplier_id = s.id)
   + (SELECT count(*) FROM purchases pu WHERE pu.tenant_id = @tenant_id AND pu.supplier_id = s.id)
   + (SELECT count(*) FROM material_products mp WHERE mp.tenant_id = @tenant_id AND mp.supplier_id = s.id)
   + (SELECT count(*) FROM material_purchases mu WHERE mu.tenant_id = @tenant_id AND mu.supplier_id = s.id)
   + (SELECT count(*) FROM store_aliases sa WHERE sa.tenant_id = @tenant_id AND sa.supplier_id = s.id))::int AS uses
FROM suppliers s
WHERE s.tenant_id = @tenant_id AND s.id = @id
FOR UPDATE OF s;

-- name: UndoSupplierDelete :execrows
DELETE FROM suppliers WHERE tenant_id = @tenant_id AND id = @id;

-- UndoReviewState is a resolved scan review, locked.
-- name: UndoReviewState :one
SELECT status, resolved_product_id FROM barcode_reviews
WHERE tenant_id = @tenant_id AND id = @id
FOR UPDATE;

-- name: UndoReviewReopen :execrows
UPDATE barcode_reviews SET status = 'pending', resolved_product_id = NULL, resolved_at = NULL, resolved_by = NULL
WHERE tenant_id = @tenant_id AND id = @id AND status = 'skipped';
