-- DensityLibraryList is the whole density library, in its documented order.
-- name: DensityLibraryList :many
-- global: the density library is reference data with no tenant (like units).
SELECT * FROM density_library ORDER BY sort_order, id;

-- name: DensityLibraryGet :one
-- global: the density library is reference data with no tenant (like units).
SELECT * FROM density_library WHERE id = @id;
