# shellcheck shell=bash disable=SC2154,SC2034 # sourced by citus-check.sh, which sets the variables
# Sourced by citus-check.sh: probes whether row-level security isolates
# tenants on the workers, under each configuration in turn, sending what the
# store sends for a request: one message "BEGIN; SET LOCAL ROLE
# baketracker_app; SET LOCAL app.tenant_id = '…'", then the statement, then
# COMMIT.
#
# Two tables are probed: suppliers, whose policy distribute.sql rewrote into
# the Citus form (one permissive guard), and rls_probe_single_node, given the
# single-node form of docs/tenant-isolation.md rule 7 (a RESTRICTIVE guard
# beside a permissive USING (true) base policy) and then distributed the same
# way, to show what Citus does to that form.

tenant_a=00000000-0000-4000-8000-00000000000a
tenant_b=00000000-0000-4000-8000-00000000000b
psql_on 0 <<-EOF >/dev/null
	INSERT INTO tenants (id, name) VALUES ('$tenant_a', 'probe A'), ('$tenant_b', 'probe B');
	INSERT INTO suppliers (tenant_id, slug, name, name_key) VALUES
	    ('$tenant_a', 'a-mill', 'A Mill', 'a mill'), ('$tenant_b', 'b-mill', 'B Mill', 'b mill');
	CREATE TABLE rls_probe_single_node (tenant_id uuid NOT NULL REFERENCES tenants (id), id int NOT NULL,
	    name text NOT NULL, PRIMARY KEY (tenant_id, id));
	ALTER TABLE rls_probe_single_node ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
	CREATE POLICY tenant_guard ON rls_probe_single_node AS RESTRICTIVE
	    USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
	CREATE POLICY tenant_access ON rls_probe_single_node USING (true) WITH CHECK (true);
	GRANT SELECT, INSERT, UPDATE, DELETE ON rls_probe_single_node TO baketracker_app;
	SELECT create_distributed_table('rls_probe_single_node', 'tenant_id', colocate_with => 'tenants');
	INSERT INTO rls_probe_single_node VALUES ('$tenant_a', 1, 'A Mill'), ('$tenant_b', 2, 'B Mill');
EOF
placement() { psql_on 0 -c "SELECT nodeport FROM pg_dist_shard_placement WHERE shardid = get_shard_id_for_distribution_column('suppliers', '$1'::uuid)"; }
echo "probe rows: tenant A's on port $(placement $tenant_a), tenant B's on port $(placement $tenant_b)"
shard_policies() { # the policies Citus made on a worker's shard of $1
	local shard
	shard=$(psql_on 0 -c "SELECT shard_name('$1'::regclass, get_shard_id_for_distribution_column('$1', '$tenant_a'::uuid))")
	"$bindir/psql" -X -q -A -t -d "$(url "$2")" -c "SET citus.override_table_visibility = off" -c \
		"SELECT string_agg(polname || CASE WHEN polpermissive THEN ' PERMISSIVE ' ELSE ' RESTRICTIVE ' END || coalesce(pg_get_expr(polqual, polrelid), ''), '; ' ORDER BY polname) FROM pg_policy WHERE polrelid = '$shard'::regclass"
}
a_node=$(( $(placement $tenant_a) - port0 ))
echo "rls_probe_single_node on the coordinator: $(psql_on 0 -c "SELECT string_agg(polname || CASE WHEN polpermissive THEN ' PERMISSIVE ' ELSE ' RESTRICTIVE ' END || pg_get_expr(polqual, polrelid), '; ' ORDER BY polname) FROM pg_policy WHERE polrelid = 'rls_probe_single_node'::regclass")"
echo "rls_probe_single_node on its worker shard: $(shard_policies rls_probe_single_node "$a_node")"
echo "suppliers (Citus form) on its worker shard: $(shard_policies suppliers "$a_node")"

# as_tenant TENANT SQL: SQL as the request role with TENANT set (empty: no
# tenant), rows or error on one line. psql's \; keeps the set-up one message.
as_tenant() {
	local set=""
	[[ -n $1 ]] && set=" \\; SET LOCAL app.tenant_id = '$1'"
	printf 'BEGIN \\; SET LOCAL ROLE baketracker_app%s;\n%s;\nCOMMIT;\n' "$set" "$2" |
		PGOPTIONS="-c client_min_messages=error" "$bindir/psql" -X -q -A -t -F ' ' -d "$(url 0)" 2>&1 | grep -v '^$' | tr '\n' ' ' | sed 's/ *$//'
}

# probe NAME EXPECT SQL [TENANT]: prints what was tried and what came back;
# EXPECT is an extended regular expression the isolating answer matches.
probe_ok=0
probe() {
	local name=$1 expect=$2 sql=$3 tenant=${4-$tenant_a} got verdict
	got=$(as_tenant "$tenant" "$sql")
	if [[ $got =~ $expect ]]; then
		verdict=holds
	elif [[ $got == ERROR* ]]; then
		verdict="error: fails closed, unusable"
		probe_ok=1
	else
		verdict=LEAKS
		probe_ok=1
	fi
	printf '  %-52s -> %-58s [%s]\n' "$name" "${got:0:58}" "$verdict"
}

run_probes() { # run_probes TABLE
	local t=$1
	probe_ok=0
	probe "$t: read without tenant filter (multi-shard)" '^A Mill$' "SELECT name FROM $t ORDER BY name"
	probe "$t: read with filter tenant_id = B (routed)" '^0$' "SELECT count(*) FROM $t WHERE tenant_id = '$tenant_b'"
	if [[ $t == suppliers ]]; then
		probe "$t: insert a row carrying B's tenant_id" 'row-level security' \
			"INSERT INTO suppliers (tenant_id, slug, name, name_key) VALUES ('$tenant_b', 'x-$RANDOM', 'X', 'x')"
	else
		probe "$t: insert a row carrying B's tenant_id" 'row-level security' \
			"INSERT INTO $t VALUES ('$tenant_b', $RANDOM + 10, 'X')"
	fi
	probe "$t: update B's row without tenant filter" '^$' "UPDATE $t SET name = name WHERE name = 'B Mill' RETURNING name"
	probe "$t: nested: LIMIT subquery over all shards" '^1$' "SELECT count(*) FROM (SELECT name FROM $t ORDER BY name LIMIT 10) s"
	probe "$t: nested: CTE joined back, routed to A" '^A Mill$' \
		"WITH s AS (SELECT tenant_id, name FROM $t WHERE tenant_id = '$tenant_a' ORDER BY name LIMIT 5) SELECT x.name FROM $t x JOIN s USING (tenant_id, name) WHERE x.tenant_id = '$tenant_a'"
	probe "$t: no tenant set: read" 'tenant context not set' "SELECT count(*) FROM $t" ""
	return $probe_ok
}

# compat NAME EXPECT SQL: does a statement the application relies on still
# work under the policies (not an isolation question: printed, not counted).
compat_breaks=0
compat() {
	local got
	got=$(as_tenant "$tenant_a" "$3")
	if [[ $got =~ $2 ]]; then
		printf '  %-52s -> %-58s [works]\n' "$1" "${got:0:58}"
	else
		printf '  %-52s -> %-58s [BREAKS]\n' "$1" "${got:0:58}"
		compat_breaks=$((compat_breaks + 1))
	fi
}
run_compat() {
	compat "INSERT ... SELECT FROM jsonb_to_recordset (import)" '^INSERT 0 1$|^$' \
		"INSERT INTO suppliers (tenant_id, slug, name, name_key) SELECT '$tenant_a', r.slug, r.name, r.name FROM jsonb_to_recordset('[{\"slug\":\"c-$RANDOM\",\"name\":\"C\"}]') AS r(slug text, name text)"
	compat "LEFT JOIN with bound parameters (ingredient detail)" '^[0-9]+ ?[0-9]*$' \
		"PREPARE detail(uuid, uuid, text) AS SELECT count(*), max((SELECT count(*) FROM products pr WHERE pr.tenant_id = i.tenant_id AND pr.ingredient_id = i.id)) FROM ingredients i LEFT JOIN ingredients p ON p.tenant_id = i.tenant_id AND p.id = i.parent_id WHERE i.tenant_id = \$1 AND (i.id = \$2 OR i.slug = \$3); EXECUTE detail('$tenant_a', NULL, 'x')"
}

log "RLS configuration 1: as on one node (request role NOLOGIN, citus.propagate_set_commands = none)"
run_probes suppliers || true

# The coordinator opens its worker connections as the current user, which
# after SET LOCAL ROLE is the request role: it must be able to log in there.
psql_on 0 -c "ALTER ROLE baketracker_app LOGIN" >/dev/null
log "RLS configuration 2: request role LOGIN, citus.propagate_set_commands = none"
run_probes suppliers || true

# And the workers must learn the tenant: the coordinator forwards SET LOCAL
# (only SET LOCAL, never set_config) to the workers of the transaction.
psql_on 0 -c "ALTER DATABASE $db SET citus.propagate_set_commands = 'local'" >/dev/null
log "RLS configuration 3: request role LOGIN, citus.propagate_set_commands = local (coordinator)"
run_probes rls_probe_single_node && single_node_form=isolates || single_node_form=leaks
if run_probes suppliers; then
	echo "  expect: the Citus form isolates under configuration 3 -- held"
else
	echo "  expect: the Citus form isolates under configuration 3 -- FAILED"
	failures=$((failures + 1))
fi
echo "  (the single-node policy form, distributed: $single_node_form)"
log "RLS configuration 3: statements the application needs"
run_compat
rls_config="request role LOGIN, citus.propagate_set_commands = local, one permissive guard per table"
psql_on 0 -c "DROP TABLE rls_probe_single_node" >/dev/null
