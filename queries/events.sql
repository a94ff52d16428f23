-- name: EventCreate :one
INSERT INTO events (tenant_id, slug, name, name_key, event_date, year, output_mode, expected_attendees, notes)
VALUES (@tenant_id, @slug, @name, @name_key, @event_date, @year, sqlc.narg(output_mode),
        sqlc.narg(expected_attendees), sqlc.narg(notes))
RETURNING *;

-- name: EventSlugExists :one
SELECT EXISTS (SELECT 1 FROM events WHERE tenant_id = @tenant_id AND slug = @slug);

-- name: EventGet :one
SELECT * FROM events WHERE tenant_id = @tenant_id AND id = @id;

-- name: EventGetBySlug :one
SELECT * FROM events WHERE tenant_id = @tenant_id AND slug = @slug;

-- EventGetForUpdate locks the event so concurrent plan changes serialise.
-- name: EventGetForUpdate :one
SELECT * FROM events WHERE tenant_id = @tenant_id AND id = @id FOR UPDATE;

-- EventUpdate writes every editable column; the caller merges the change
-- into the row it read.
-- name: EventUpdate :one
UPDATE events SET
    name               = @name,
    name_key           = @name_key,
    event_date         = @event_date,
    year               = @year,
    output_mode        = sqlc.narg(output_mode),
    expected_attendees = sqlc.narg(expected_attendees),
    plan_state         = @plan_state,
    notes              = sqlc.narg(notes),
    updated_at         = now()
WHERE tenant_id = @tenant_id AND id = @id
RETURNING *;

-- EventList pages events newest first (event_date DESC, id ASC, matching
-- events_date_idx). The cursor is the last row's (event_date, id).
-- name: EventList :many
SELECT e.id, e.slug, e.name, e.event_date, e.year, e.output_mode, e.expected_attendees, e.plan_state,
       (SELECT count(*) FROM event_recipes er WHERE er.tenant_id = e.tenant_id AND er.event_id = e.id) AS recipe_count
FROM events e
WHERE e.tenant_id = @tenant_id
  AND (sqlc.narg(from_date)::date IS NULL OR e.event_date >= sqlc.narg(from_date)::date)
  AND (sqlc.narg(to_date)::date IS NULL OR e.event_date <= sqlc.narg(to_date)::date)
  AND (sqlc.narg(after_date)::date IS NULL
       OR e.event_date < sqlc.narg(after_date)::date
       OR (e.event_date = sqlc.narg(after_date)::date AND e.id > sqlc.narg(after_id)::uuid))
ORDER BY e.event_date DESC, e.id
LIMIT @row_limit;

-- EventRecipeCandidates are the recipes an event may plan: the tenant's
-- non-archived recipes. Name matching (exact and trigram) runs in Go.
-- name: EventRecipeCandidates :many
SELECT id, slug, previous_slug, name, name_key, category FROM recipes
WHERE tenant_id = @tenant_id AND NOT is_archived
ORDER BY name, id;

-- EventRecipeUpsert adds a recipe to an event, or sets its batches when it
-- is already there. inserted is false for an update.
-- name: EventRecipeUpsert :one
INSERT INTO event_recipes (tenant_id, event_id, recipe_id, batches, position)
VALUES (@tenant_id, @event_id, @recipe_id, @batches,
        (SELECT COALESCE(max(position) + 1, 0) FROM event_recipes
         WHERE tenant_id = @tenant_id AND event_id = @event_id))
ON CONFLICT (tenant_id, event_id, recipe_id) DO UPDATE SET batches = EXCLUDED.batches
RETURNING id, batches, (xmax = 0)::boolean AS inserted;

-- EventRecipeServingsSet sets a planned recipe's own servings per guest
-- (plan_event, bulk mode).
-- name: EventRecipeServingsSet :execrows
UPDATE event_recipes SET servings_per_guest = @servings_per_guest
WHERE tenant_id = @tenant_id AND event_id = @event_id AND recipe_id = @recipe_id;

-- name: EventRecipeDelete :execrows
DELETE FROM event_recipes
WHERE tenant_id = @tenant_id AND event_id = @event_id AND recipe_id = @recipe_id;

-- name: EventRecipeList :many
SELECT er.recipe_id, r.name, r.slug, er.batches, er.servings_per_guest
FROM event_recipes er
JOIN recipes r ON r.tenant_id = er.tenant_id AND r.id = er.recipe_id
WHERE er.tenant_id = @tenant_id AND er.event_id = @event_id
ORDER BY er.position, r.name, er.recipe_id;

-- EventCandidates lists the tenant's events for resolving an event by name
-- in Go (exact name key, then similarity).
-- name: EventCandidates :many
SELECT id, slug, name, name_key, event_date FROM events
WHERE tenant_id = @tenant_id
ORDER BY event_date DESC, id;
