#!/usr/bin/env bash
# Proves the Citus layout of docs/scaling.md on a real cluster: builds Citus
# once (scale/build-citus.sh), starts a coordinator and two workers on
# loopback ports in a temporary folder, applies our migrations and
# scale/distribute.sql, probes whether row-level security holds on the
# workers (printing each probe and its result), runs the isolation tests
# against the coordinator and a read/write smoke test through the real
# server. Takes minutes (the first run builds Citus); not part of .ci/run.
#
#   scale/citus-check.sh                       from the repository root
#   CITUS_GIT_DIR=/path/to/citus.git scale/citus-check.sh   build from a local clone or mirror
#   CITUS_PORT=9700        first of the three ports (coordinator, worker 1, worker 2)
#   KEEP=1                 leave the cluster running and print how to reach it
#
# Exit status: 0 when every expectation held (see "expect" lines), 1 otherwise.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
port0=${CITUS_PORT:-9700}
ports=("$port0" $((port0 + 1)) $((port0 + 2)))
names=(coordinator worker1 worker2)
work=$(mktemp -d "${TMPDIR:-/tmp}/baketracker-citus-check.XXXXXX")
chmod 755 "$work"
db=baketracker
failures=0
server_pid=

log() { printf '\n== %s\n' "$*"; }

# As root, PostgreSQL runs as the postgres user (it refuses to run as root).
as_pg() {
	if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
	if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
	if [[ ${KEEP:-} == 1 ]]; then
		echo "cluster left running in $work; coordinator: $(url 0); stop with:"
		for i in 0 1 2; do echo "  $(as_pg_cmd) $bindir/pg_ctl -D $work/${names[$i]} stop"; done
		return
	fi
	for i in 0 1 2; do
		[[ -f $work/${names[$i]}/postmaster.pid ]] && as_pg "$bindir/pg_ctl" -D "$work/${names[$i]}" -m fast -w stop >/dev/null 2>&1
	done
	rm -rf "$work"
}
as_pg_cmd() { [[ $(id -u) == 0 ]] && echo "runuser -u postgres --"; }
trap cleanup EXIT

url() { echo "postgres://postgres@127.0.0.1:${ports[$1]}/${2:-$db}?sslmode=disable"; }
psql_on() { # psql_on NODE SQL...: superuser psql on node NODE (0 coordinator)
	local node=$1
	shift
	"$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$(url "$node")" "$@"
}

log "building Citus (cached after the first run)"
bindir=$("$repo/scale/build-citus.sh")
"$bindir/postgres" --version

log "starting a coordinator and two workers on 127.0.0.1:${ports[*]} in $work"
for i in 0 1 2; do
	dir=$work/${names[$i]}
	if [[ $(id -u) == 0 ]]; then chown postgres: "$work"; fi
	as_pg "$bindir/initdb" -D "$dir" -U postgres -A trust --no-sync >/dev/null
	cat >>"$dir/postgresql.conf" <<-EOF
		shared_preload_libraries = 'citus'
		listen_addresses = '127.0.0.1'
		port = ${ports[$i]}
		unix_socket_directories = ''
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		max_connections = 300
		max_prepared_transactions = 300
	EOF
	as_pg "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w start >/dev/null
	"$bindir/psql" -X -q -d "$(url "$i" postgres)" -c "CREATE DATABASE $db" -c "\\c $db" -c "CREATE EXTENSION citus"
done
psql_on 0 -c "SELECT citus_set_coordinator_host('127.0.0.1', ${ports[0]})" \
	-c "SELECT citus_add_node('127.0.0.1', ${ports[1]})" -c "SELECT citus_add_node('127.0.0.1', ${ports[2]})" >/dev/null
psql_on 0 -c "SELECT 'citus ' || extversion FROM pg_extension WHERE extname = 'citus'" \
	-c "SELECT 'nodes: ' || string_agg(nodename || ':' || nodeport || CASE WHEN groupid = 0 THEN ' (coordinator)' ELSE '' END, ', ' ORDER BY nodeport) FROM pg_dist_node"

log "migrating and distributing"
go build -o "$work/baketracker" "$repo/cmd/baketracker"
# Citus opens its connections to the workers as the current user, which
# during a migration is the owner role (the migrator's SET ROLE): on Citus that
# role must be able to log in to the workers (here trust on loopback; in
# production pg_dist_authinfo or a .pgpass). CREATE ROLE propagates to the
# workers; the migrator's bootstrap keeps a role that already exists.
psql_on 0 -c "CREATE ROLE baketracker_owner LOGIN NOSUPERUSER NOBYPASSRLS" >/dev/null
DATABASE_URL=$(url 0) LOG_LEVEL=warn "$work/baketracker" migrate up
psql_on 0 -f "$repo/scale/distribute.sql" >/dev/null || { echo "FAIL: scale/distribute.sql"; exit 1; }
psql_on 0 -c "SELECT count(*) FILTER (WHERE partmethod = 'h') || ' distributed tables, ' || count(*) FILTER (WHERE partmethod = 'n') || ' reference tables, ' || count(DISTINCT colocationid) FILTER (WHERE partmethod = 'h') || ' co-location group(s)' FROM pg_dist_partition"
psql_on 0 -c "SELECT 'not distributed: ' || coalesce(string_agg(c.relname, ', '), 'none') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r','p') AND c.oid NOT IN (SELECT logicalrelid FROM pg_dist_partition)"

source "$repo/scale/rls-probes.sh"

# go_tests NAME PACKAGE PATTERN [KNOWN]: runs tests against the coordinator.
# A failure whose every failure line matches KNOWN (an extended regular
# expression), or is a tool's "internal error" while the coordinator logged a
# statement Citus does not support, is a known Citus gap: printed with the
# coordinator's errors, counted in gaps, not a failure. Any other fails.
gaps=0
go_tests() {
	local name=$1 pkg=$2 pattern=$3 known=${4:-} out lines total matched unsupported
	out=$work/test-$RANDOM.log
	lines=$(wc -l <"$work/coordinator/server.log")
	if (cd "$repo" && TEST_DATABASE_URL=$(url 0) TEST_DATABASE_AS_IS=1 go test -count=1 "$pkg" -run "$pattern") >"$out" 2>&1; then
		echo "  $name: ok ($pkg -run '$pattern')"
		return
	fi
	unsupported=$(tail -n +$((lines + 1)) "$work/coordinator/server.log" | grep -E 'ERROR: .*(not supported|unsupported)' |
		sed -E 's/.*ERROR: +//' | sort | uniq -c | sort -rn | head -10 || true)
	total=$(grep -cE '_test\.go:[0-9]+:' "$out" || true)
	matched=$(grep -E '_test\.go:[0-9]+:' "$out" | grep -cE "${known:-^$}${unsupported:+|internal error}" || true)
	if ((total > 0 && matched == total)); then
		echo "  $name: KNOWN GAP, $total failure line(s), all Citus incompatibilities, not isolation failures:"
		if [[ -n $known ]]; then
			grep -E '_test\.go:[0-9]+:' "$out" | grep -oE "$known" | sort | uniq -c | sed 's/^/    /' || true
		fi
		if [[ -n $unsupported ]]; then
			printf '    the coordinator refused:\n%s\n' "$unsupported"
		fi
		gaps=$((gaps + 1))
		return
	fi
	echo "  $name: FAIL"
	grep -vE '^(=== |--- PASS|PASS|ok )' "$out" | head -40 | sed 's/^/    /'
	failures=$((failures + 1))
}

# With the Citus form of the policies (RLS holds, see the probes). The store
# tests seed with INSERT ... SELECT, which Citus runs as COPY, refused under
# RLS; moving a row to another tenant is refused by Citus itself (0A000)
# before RLS (42501) is asked. TestRLSCatalog is left out: it requires the
# single-node policy form, which distribute.sql replaces.
log "isolation tests against the coordinator, RLS in the Citus form ($rls_config)"
known='COPY FROM not supported with row-level security|modifying the partition value of rows is not allowed|outer joins and pseudoconstant quals|account context not set'
go_tests "store: tenant isolation" ./store/ 'TestTenantIsolation|TestNoTenantFailsClosed|TestCompositeForeignKey|TestRequestRole|TestPoolHygiene' "$known"
go_tests "store: account isolation" ./store/ 'TestAccountIsolation' "$known"
go_tests "tools: other tenants' records are not found" ./tools/ 'TestOtherTenantsRecordsAreNotFound' "$known"

# What the application can run on Citus 13 with PostgreSQL 15: RLS off on the
# distributed and reference tables, so the walls are the explicit tenant_id
# filter of every query (TestQueriesFilterByTenant), the tenant taken from the
# verified identity, composite foreign keys and Citus routing by tenant_id.
log "RLS off on the distributed tables: the explicit tenant_id filter is the wall"
psql_on 0 -c "SELECT format('ALTER TABLE %s DISABLE ROW LEVEL SECURITY;', logicalrelid) FROM pg_dist_partition" | psql_on 0 >/dev/null
psql_on 0 -c "SELECT count(*) FILTER (WHERE relrowsecurity) || ' of ' || count(*) || ' distributed tables keep RLS on' FROM pg_class WHERE oid IN (SELECT logicalrelid FROM pg_dist_partition)"
go_tests "store: every sqlc query filters by tenant_id (lint)" ./store/ 'TestQueriesFilterByTenant|TestTenantStaysInStore'
go_tests "store: composite foreign keys" ./store/ 'TestCompositeForeignKey'
go_tests "tools: other tenants' records are not found" ./tools/ 'TestOtherTenantsRecordsAreNotFound'

source "$repo/scale/smoke.sh"

log "summary"
if ((failures)); then
	echo "FAIL: $failures expectation(s) did not hold"
	exit 1
fi
echo "PASS: every isolation expectation held; $gaps known Citus compatibility gap(s) listed above (docs/scaling.md)"
