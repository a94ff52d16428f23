#!/usr/bin/env bash
# What request logging costs REST get-by-id, measured as a paired test: two
# `baketracker serve` processes side by side, one at LOG_LEVEL=warn (no
# request lines) and one at info (a JSON line per request, to a file), each
# with its own private PostgreSQL and a tenant of 400 ingredients; wrk runs
# short bursts against them in turns, so the shared machine's drifting load
# falls on both alike. Prints each burst and the medians. Only loopback.
#
#   bench/logcost.sh [pairs, default 6] [seconds per burst, default 5]
#
# B_LEVEL=warn runs the "info" server at warn too: an A/A run, whose
# differences are the machine's noise floor.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${1:-6}
BURST=${2:-5}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d /tmp/baketracker-logcost-XXXXXX)
chmod 755 "$work"
go build -o "$work/baketracker" ./cmd/baketracker
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$work"' EXIT

declare -A port token ingredient
port[warn]=18191
port[info]=18192
declare -A level=([warn]=warn [info]=${B_LEVEL:-info})
for lvl in warn info; do
	BAKETRACKER_DATA_DIR="$work/data-$lvl" PORT=${port[$lvl]} LOG_LEVEL=${level[$lvl]} RATE_LIMIT_PER_MINUTE=1000000000 \
		"$work/baketracker" serve 2>"$work/serve-$lvl.log" &
	pids+=($!)
	declare "pid_$lvl=$!"
done
for lvl in warn info; do
	base="http://127.0.0.1:${port[$lvl]}"
	for _ in $(seq 1 300); do curl -fs "$base/ready" >/dev/null 2>&1 && break; sleep 0.1; done
	token[$lvl]=$(BAKETRACKER_DATA_DIR="$work/data-$lvl" "$work/baketracker" tenant create --name "Log Bakery" \
		--owner-email log@example.com 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
	for i in $(seq -w 1 400); do
		curl -fs -o /dev/null -H "Authorization: Bearer ${token[$lvl]}" -H 'Content-Type: application/json' \
			-d "{\"name\":\"Ingredient $i\",\"category\":\"Flours & Starches\",\"default_unit\":\"g\"}" "$base/api/ingredients"
	done
	ingredient[$lvl]=$(curl -fs -H "Authorization: Bearer ${token[$lvl]}" "$base/api/ingredients?limit=1" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
done

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
burst() { # level → "req/s cpu_us_per_req"
	local lvl=$1 pidvar="pid_$1" script="$work/req-$1.lua" c0 c1 out
	printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "${token[$lvl]}" >"$script"
	c0=$(cpu "${!pidvar}")
	out=$(wrk -t2 -c16 -d"${BURST}s" -s "$script" "http://127.0.0.1:${port[$lvl]}/api/ingredients/${ingredient[$lvl]}")
	c1=$(cpu "${!pidvar}")
	awk -v d=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" '/requests in/ {n=$1} /Requests\/sec/ {r=$2} /Non-2xx/ {bad=1}
		END {if (bad) {print "non-2xx answers" > "/dev/stderr"; exit 1}; printf "%.0f %.0f\n", r, d / hz * 1e6 / n}' <<<"$out"
}
echo "baketracker $(git rev-parse --short HEAD), $(nproc) cores, levels ${level[warn]}/${level[info]}, $PAIRS pairs of ${BURST}s wrk -t2 -c16 bursts, REST get-by-id"
# One discarded burst each: caches, pools and the JIT of PostgreSQL's plans warm.
burst warn >/dev/null
burst info >/dev/null
: >"$work/results"
for i in $(seq 1 "$PAIRS"); do
	# Alternate which level goes first, so neither always follows the other.
	order="warn info"; [ $((i % 2)) -eq 0 ] && order="info warn"
	for lvl in $order; do
		read -r rps us < <(burst "$lvl")
		echo "$lvl $rps $us" >>"$work/results"
		printf 'pair %d  %-4s %8s req/s  %5s us CPU/req\n' "$i" "$lvl" "$rps" "$us"
	done
done
python3 - "$work/results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = {lvl: (statistics.median(float(r[1]) for r in rows if r[0] == lvl),
             statistics.median(float(r[2]) for r in rows if r[0] == lvl)) for lvl in ("warn", "info")}

ws = [float(r[1]) for r in rows if r[0] == "warn"]
is_ = [float(r[1]) for r in rows if r[0] == "info"]
ratios = [i / w for w, i in zip(ws, is_)]
print(f"median logging off (warn): {med['warn'][0]:.0f} req/s, {med['warn'][1]:.0f} us CPU/req")
print(f"median logging on  (info): {med['info'][0]:.0f} req/s, {med['info'][1]:.0f} us CPU/req")
print(f"median per-pair throughput with logging: {100 * (statistics.median(ratios) - 1):+.1f} %")
PY
echo "request lines logged at info: $(wc -l <"$work/serve-info.log")"
