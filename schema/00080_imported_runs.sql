-- Desktop production and assembly runs (issue 15): the export carries what
-- was baked and assembled but not what each run consumed, so an imported
-- run has no consumption rows and its cost is what the file says (or
-- unknown). imported marks such runs so costing and undo never mistake them
-- for runs the cloud recorded against its own lots.

-- +goose Up
ALTER TABLE production_runs ADD COLUMN imported boolean NOT NULL DEFAULT false;
ALTER TABLE assembly_runs ADD COLUMN imported boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE assembly_runs DROP COLUMN imported;
ALTER TABLE production_runs DROP COLUMN imported;
