-- Bulk planning (issue 15): a recipe of an event may be served more or less
-- generously than the others ("2 cookies each, 1 slice of cake").
-- servings_per_guest on the event's recipe overrides the plan's servings per
-- guest for that recipe; NULL means the plan's.

-- +goose Up
ALTER TABLE event_recipes ADD COLUMN servings_per_guest numeric(14,4) CHECK (servings_per_guest > 0);

-- +goose Down
ALTER TABLE event_recipes DROP COLUMN servings_per_guest;
