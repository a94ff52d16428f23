-- Citus distribution of the BakeTracker schema. Generated from the migrated
-- schema by UPDATE_GOLDEN=1 go test ./scale/ (which fails while this file is
-- out of date): do not edit by hand.
--
-- Run on the coordinator as a superuser after every `baketracker migrate up`;
-- each statement skips what is already done. tenants is distributed by id and
-- every table with a tenant_id by tenant_id, co-located with it, so one
-- tenant's rows of every table live on one shard group (single-shard
-- transactions, co-located joins, composite foreign keys); tables without a
-- tenant are reference tables, copied to every node. See docs/scaling.md.

-- The functions the RLS policies call must exist on every node.
SELECT create_distributed_function('public.current_account_provider()') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_object WHERE classid = 'pg_proc'::regclass AND objid = 'public.current_account_provider()'::regprocedure);
SELECT create_distributed_function('public.current_account_subject()') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_object WHERE classid = 'pg_proc'::regclass AND objid = 'public.current_account_subject()'::regprocedure);
SELECT create_distributed_function('public.current_tenant_id()') WHERE NOT EXISTS (SELECT 1 FROM pg_dist_object WHERE classid = 'pg_proc'::regclass AND objid = 'public.current_tenant_id()'::regprocedure);

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
