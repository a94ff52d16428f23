-- name: IngredientAliasList :many
SELECT alias FROM ingredient_aliases
WHERE tenant_id = @tenant_id AND ingredient_id = @ingredient_id
ORDER BY alias;

-- IngredientAliasOwners returns which of @alias_keys are already taken, and
-- by which ingredient, so a clash can be reported by name before inserting.
-- name: IngredientAliasOwners :many
SELECT a.alias_key, a.ingredient_id, i.slug
FROM ingredient_aliases a
JOIN ingredients i ON i.tenant_id = a.tenant_id AND i.id = a.ingredient_id
WHERE a.tenant_id = @tenant_id AND a.alias_key = ANY(@alias_keys::text[]);

-- IngredientAliasAdd inserts several aliases in one statement.
-- name: IngredientAliasAdd :exec
INSERT INTO ingredient_aliases (tenant_id, ingredient_id, alias, alias_key)
SELECT @tenant_id, @ingredient_id, unnest(@aliases::text[]), unnest(@alias_keys::text[]);

-- name: IngredientAliasRemove :execrows
DELETE FROM ingredient_aliases
WHERE tenant_id = @tenant_id AND ingredient_id = @ingredient_id AND alias_key = ANY(@alias_keys::text[]);
