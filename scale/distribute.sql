-- Citus distribution of the BakeTracker schema. Generated from the migrated
-- schema by UPDATE_GOLDEN=1 go test ./scale/ (which fails while this file is
-- out of date): do not edit by hand. See docs/scaling.md.
--
-- Run on the coordinator as a superuser after every `baketracker migrate up`,
-- with the roles able to log in to the workers and
-- citus.propagate_set_commands = 'local' (docs/scaling.md); every step can run
-- again. tenants is distributed by id and every table with a tenant_id by
-- tenant_id, co-located with it, so one tenant's rows of every table live in
-- one shard group (single-shard transactions, co-located joins, composite
-- foreign keys); tables without a tenant are reference tables on every node.
\set ON_ERROR_STOP on

-- The functions the RLS policies call must exist on every node (Citus also
-- propagates CREATE FUNCTION; this makes sure for functions made before it).
SELECT create_distributed_function('public.current_account_provider()') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_object WHERE classid = 'pg_proc'::regclass AND objid = 'public.current_account_provider()'::regprocedure);
SELECT create_distributed_function('public.current_account_subject()') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_object WHERE classid = 'pg_proc'::regclass AND objid = 'public.current_account_subject()'::regprocedure);
SELECT create_distributed_function('public.current_tenant_id()') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_object WHERE classid = 'pg_proc'::regclass AND objid = 'public.current_tenant_id()'::regprocedure);
-- The caller's account, for the account_memberships guard (a plain call, no subquery).
CREATE OR REPLACE FUNCTION public.current_account_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT id FROM public.accounts WHERE provider = public.current_account_provider() AND subject = public.current_account_subject() $$;

-- Guards: Citus recreates policies on the shards without AS RESTRICTIVE, which
-- would OR the tenant guard with the USING (true) base policy and isolate
-- nothing; and it refuses subqueries in policies. So each guard becomes the
-- table's only policy, permissive, calling the STABLE function directly.
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.tenants; DROP POLICY IF EXISTS tenant_guard ON public.tenants; CREATE POLICY tenant_guard ON public.tenants USING (id = current_tenant_id()) WITH CHECK (id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS account_access ON public.accounts; DROP POLICY IF EXISTS account_guard ON public.accounts; CREATE POLICY account_guard ON public.accounts USING ((provider = current_account_provider()) AND (subject = current_account_subject())) WITH CHECK ((provider = current_account_provider()) AND (subject = current_account_subject())); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.users; DROP POLICY IF EXISTS tenant_guard ON public.users; CREATE POLICY tenant_guard ON public.users USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS account_access ON public.account_memberships; DROP POLICY IF EXISTS account_guard ON public.account_memberships; CREATE POLICY account_guard ON public.account_memberships USING (account_id = current_account_id()) WITH CHECK (account_id = current_account_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.api_tokens; DROP POLICY IF EXISTS tenant_guard ON public.api_tokens; CREATE POLICY tenant_guard ON public.api_tokens USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.import_runs; DROP POLICY IF EXISTS tenant_guard ON public.import_runs; CREATE POLICY tenant_guard ON public.import_runs USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.ingredients; DROP POLICY IF EXISTS tenant_guard ON public.ingredients; CREATE POLICY tenant_guard ON public.ingredients USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.suppliers; DROP POLICY IF EXISTS tenant_guard ON public.suppliers; CREATE POLICY tenant_guard ON public.suppliers USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.products; DROP POLICY IF EXISTS tenant_guard ON public.products; CREATE POLICY tenant_guard ON public.products USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.barcode_reviews; DROP POLICY IF EXISTS tenant_guard ON public.barcode_reviews; CREATE POLICY tenant_guard ON public.barcode_reviews USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.captures; DROP POLICY IF EXISTS tenant_guard ON public.captures; CREATE POLICY tenant_guard ON public.captures USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.capture_media; DROP POLICY IF EXISTS tenant_guard ON public.capture_media; CREATE POLICY tenant_guard ON public.capture_media USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.events; DROP POLICY IF EXISTS tenant_guard ON public.events; CREATE POLICY tenant_guard ON public.events USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.recipes; DROP POLICY IF EXISTS tenant_guard ON public.recipes; CREATE POLICY tenant_guard ON public.recipes USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.event_recipes; DROP POLICY IF EXISTS tenant_guard ON public.event_recipes; CREATE POLICY tenant_guard ON public.event_recipes USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.finished_units; DROP POLICY IF EXISTS tenant_guard ON public.finished_units; CREATE POLICY tenant_guard ON public.finished_units USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.idempotency_keys; DROP POLICY IF EXISTS tenant_guard ON public.idempotency_keys; CREATE POLICY tenant_guard ON public.idempotency_keys USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.import_archive; DROP POLICY IF EXISTS tenant_guard ON public.import_archive; CREATE POLICY tenant_guard ON public.import_archive USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.ingredient_aliases; DROP POLICY IF EXISTS tenant_guard ON public.ingredient_aliases; CREATE POLICY tenant_guard ON public.ingredient_aliases USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.purchases; DROP POLICY IF EXISTS tenant_guard ON public.purchases; CREATE POLICY tenant_guard ON public.purchases USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.pantry_items; DROP POLICY IF EXISTS tenant_guard ON public.pantry_items; CREATE POLICY tenant_guard ON public.pantry_items USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.inventory_adjustments; DROP POLICY IF EXISTS tenant_guard ON public.inventory_adjustments; CREATE POLICY tenant_guard ON public.inventory_adjustments USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.invitations; DROP POLICY IF EXISTS tenant_guard ON public.invitations; CREATE POLICY tenant_guard ON public.invitations USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.materials; DROP POLICY IF EXISTS tenant_guard ON public.materials; CREATE POLICY tenant_guard ON public.materials USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.material_products; DROP POLICY IF EXISTS tenant_guard ON public.material_products; CREATE POLICY tenant_guard ON public.material_products USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.product_barcodes; DROP POLICY IF EXISTS tenant_guard ON public.product_barcodes; CREATE POLICY tenant_guard ON public.product_barcodes USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.recipe_components; DROP POLICY IF EXISTS tenant_guard ON public.recipe_components; CREATE POLICY tenant_guard ON public.recipe_components USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.recipe_ingredients; DROP POLICY IF EXISTS tenant_guard ON public.recipe_ingredients; CREATE POLICY tenant_guard ON public.recipe_ingredients USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.recipients; DROP POLICY IF EXISTS tenant_guard ON public.recipients; CREATE POLICY tenant_guard ON public.recipients USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.security_events; DROP POLICY IF EXISTS tenant_guard ON public.security_events; CREATE POLICY tenant_guard ON public.security_events USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;
BEGIN; DROP POLICY IF EXISTS tenant_access ON public.sessions; DROP POLICY IF EXISTS tenant_guard ON public.sessions; CREATE POLICY tenant_guard ON public.sessions USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id()); COMMIT;

-- Citus refuses ON DELETE SET NULL on a key that includes the distribution
-- column (it ignores PostgreSQL 15's column list): these become NO ACTION.
ALTER TABLE public.barcode_reviews DROP CONSTRAINT IF EXISTS barcode_reviews_tenant_id_import_id_fkey, ADD CONSTRAINT barcode_reviews_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);
ALTER TABLE public.barcode_reviews DROP CONSTRAINT IF EXISTS barcode_reviews_tenant_id_resolved_by_fkey, ADD CONSTRAINT barcode_reviews_tenant_id_resolved_by_fkey FOREIGN KEY (tenant_id, resolved_by) REFERENCES users(tenant_id, id);
ALTER TABLE public.barcode_reviews DROP CONSTRAINT IF EXISTS barcode_reviews_tenant_id_resolved_product_id_fkey, ADD CONSTRAINT barcode_reviews_tenant_id_resolved_product_id_fkey FOREIGN KEY (tenant_id, resolved_product_id) REFERENCES products(tenant_id, id);
ALTER TABLE public.events DROP CONSTRAINT IF EXISTS events_tenant_id_import_id_fkey, ADD CONSTRAINT events_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);
ALTER TABLE public.finished_units DROP CONSTRAINT IF EXISTS finished_units_tenant_id_import_id_fkey, ADD CONSTRAINT finished_units_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);
ALTER TABLE public.import_runs DROP CONSTRAINT IF EXISTS import_runs_tenant_id_created_by_fkey, ADD CONSTRAINT import_runs_tenant_id_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES users(tenant_id, id);
ALTER TABLE public.ingredients DROP CONSTRAINT IF EXISTS ingredients_tenant_id_import_id_fkey, ADD CONSTRAINT ingredients_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);
ALTER TABLE public.inventory_adjustments DROP CONSTRAINT IF EXISTS inventory_adjustments_tenant_id_created_by_fkey, ADD CONSTRAINT inventory_adjustments_tenant_id_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES users(tenant_id, id);
ALTER TABLE public.inventory_adjustments DROP CONSTRAINT IF EXISTS inventory_adjustments_tenant_id_import_id_fkey, ADD CONSTRAINT inventory_adjustments_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);
ALTER TABLE public.invitations DROP CONSTRAINT IF EXISTS invitations_tenant_id_accepted_by_fkey, ADD CONSTRAINT invitations_tenant_id_accepted_by_fkey FOREIGN KEY (tenant_id, accepted_by) REFERENCES users(tenant_id, id);
ALTER TABLE public.invitations DROP CONSTRAINT IF EXISTS invitations_tenant_id_created_by_fkey, ADD CONSTRAINT invitations_tenant_id_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES users(tenant_id, id);
ALTER TABLE public.material_products DROP CONSTRAINT IF EXISTS material_products_tenant_id_import_id_fkey, ADD CONSTRAINT material_products_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);
ALTER TABLE public.material_products DROP CONSTRAINT IF EXISTS material_products_tenant_id_supplier_id_fkey, ADD CONSTRAINT material_products_tenant_id_supplier_id_fkey FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers(tenant_id, id);
ALTER TABLE public.materials DROP CONSTRAINT IF EXISTS materials_tenant_id_import_id_fkey, ADD CONSTRAINT materials_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);
ALTER TABLE public.pantry_items DROP CONSTRAINT IF EXISTS pantry_items_tenant_id_import_id_fkey, ADD CONSTRAINT pantry_items_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);
ALTER TABLE public.pantry_items DROP CONSTRAINT IF EXISTS pantry_items_tenant_id_purchase_id_fkey, ADD CONSTRAINT pantry_items_tenant_id_purchase_id_fkey FOREIGN KEY (tenant_id, purchase_id) REFERENCES purchases(tenant_id, id);
ALTER TABLE public.products DROP CONSTRAINT IF EXISTS products_tenant_id_import_id_fkey, ADD CONSTRAINT products_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);
ALTER TABLE public.products DROP CONSTRAINT IF EXISTS products_tenant_id_preferred_supplier_id_fkey, ADD CONSTRAINT products_tenant_id_preferred_supplier_id_fkey FOREIGN KEY (tenant_id, preferred_supplier_id) REFERENCES suppliers(tenant_id, id);
ALTER TABLE public.purchases DROP CONSTRAINT IF EXISTS purchases_tenant_id_created_by_fkey, ADD CONSTRAINT purchases_tenant_id_created_by_fkey FOREIGN KEY (tenant_id, created_by) REFERENCES users(tenant_id, id);
ALTER TABLE public.purchases DROP CONSTRAINT IF EXISTS purchases_tenant_id_import_id_fkey, ADD CONSTRAINT purchases_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);
ALTER TABLE public.recipes DROP CONSTRAINT IF EXISTS recipes_tenant_id_base_recipe_id_fkey, ADD CONSTRAINT recipes_tenant_id_base_recipe_id_fkey FOREIGN KEY (tenant_id, base_recipe_id) REFERENCES recipes(tenant_id, id);
ALTER TABLE public.recipes DROP CONSTRAINT IF EXISTS recipes_tenant_id_import_id_fkey, ADD CONSTRAINT recipes_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);
ALTER TABLE public.recipients DROP CONSTRAINT IF EXISTS recipients_tenant_id_import_id_fkey, ADD CONSTRAINT recipients_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);
ALTER TABLE public.suppliers DROP CONSTRAINT IF EXISTS suppliers_tenant_id_import_id_fkey, ADD CONSTRAINT suppliers_tenant_id_import_id_fkey FOREIGN KEY (tenant_id, import_id) REFERENCES import_runs(tenant_id, id);

-- Keys from tenant tables to global tables wait until those are reference tables.
ALTER TABLE public.account_memberships DROP CONSTRAINT IF EXISTS account_memberships_account_id_fkey;

-- Tables, every foreign key's target first.
SELECT create_distributed_table('public.tenants', 'id') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.tenants'::regclass);
SELECT create_reference_table('public.accounts') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.accounts'::regclass);
SELECT create_distributed_table('public.users', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.users'::regclass);
SELECT create_distributed_table('public.account_memberships', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.account_memberships'::regclass);
SELECT create_distributed_table('public.api_tokens', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.api_tokens'::regclass);
SELECT create_distributed_table('public.import_runs', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.import_runs'::regclass);
SELECT create_distributed_table('public.ingredients', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.ingredients'::regclass);
SELECT create_distributed_table('public.suppliers', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.suppliers'::regclass);
SELECT create_distributed_table('public.products', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.products'::regclass);
SELECT create_distributed_table('public.barcode_reviews', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.barcode_reviews'::regclass);
SELECT create_distributed_table('public.captures', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.captures'::regclass);
SELECT create_distributed_table('public.capture_media', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.capture_media'::regclass);
SELECT create_distributed_table('public.events', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.events'::regclass);
SELECT create_distributed_table('public.recipes', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.recipes'::regclass);
SELECT create_distributed_table('public.event_recipes', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.event_recipes'::regclass);
SELECT create_distributed_table('public.finished_units', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.finished_units'::regclass);
SELECT create_distributed_table('public.idempotency_keys', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.idempotency_keys'::regclass);
SELECT create_distributed_table('public.import_archive', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.import_archive'::regclass);
SELECT create_distributed_table('public.ingredient_aliases', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.ingredient_aliases'::regclass);
SELECT create_distributed_table('public.purchases', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.purchases'::regclass);
SELECT create_distributed_table('public.pantry_items', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.pantry_items'::regclass);
SELECT create_distributed_table('public.inventory_adjustments', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.inventory_adjustments'::regclass);
SELECT create_distributed_table('public.invitations', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.invitations'::regclass);
SELECT create_distributed_table('public.materials', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.materials'::regclass);
SELECT create_distributed_table('public.material_products', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.material_products'::regclass);
SELECT create_distributed_table('public.product_barcodes', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.product_barcodes'::regclass);
SELECT create_distributed_table('public.recipe_components', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.recipe_components'::regclass);
SELECT create_distributed_table('public.recipe_ingredients', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.recipe_ingredients'::regclass);
SELECT create_distributed_table('public.recipients', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.recipients'::regclass);
SELECT create_distributed_table('public.security_events', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.security_events'::regclass);
SELECT create_distributed_table('public.sessions', 'tenant_id', colocate_with => 'public.tenants') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.sessions'::regclass);
SELECT create_reference_table('public.units') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'public.units'::regclass);

ALTER TABLE public.account_memberships ADD CONSTRAINT account_memberships_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE;
