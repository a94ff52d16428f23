-- name: IngredientGet :one
SELECT * FROM ingredients WHERE tenant_id = @tenant_id AND id = @id;
