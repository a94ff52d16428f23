#!/usr/bin/env bash
# Load test of a real `baketracker serve` process with wrk (apt-get install
# wrk): 16 connections, authenticated, RLS on, against a tenant with 400
# ingredients and a nested recipe. Prints requests/s and latency per endpoint
# and the server's peak resident memory. Only loopback is used; every run is
# bounded by -d.
#
#   bench/load.sh [seconds per endpoint, default 10]
#
# LOG_LEVEL=info measures with request logging on (default warn: off; the
# log goes to a file). ENDPOINTS=rest-get runs only REST get-by-id. The
# request limit is raised out of the way (RATE_LIMIT_PER_MINUTE) so its
# fast path is measured without refusing the load.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d /tmp/baketracker-load-XXXXXX)
chmod 755 "$work"
go build -o "$work/baketracker" ./cmd/baketracker
export BAKETRACKER_DATA_DIR="$work/data" PORT=18181 LOG_LEVEL=${LOG_LEVEL:-warn}
export RATE_LIMIT_PER_MINUTE=${RATE_LIMIT_PER_MINUTE:-1000000000}
ENDPOINTS=${ENDPOINTS:-all}
"$work/baketracker" serve 2>"$work/serve.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break; sleep 0.1; done

token=$("$work/baketracker" tenant create --name "Load Bakery" --owner-email load@example.com 2>/dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
base="http://127.0.0.1:$PORT"
auth="Authorization: Bearer $token"

# 400 ingredients through the REST API, then a recipe with a nested component.
for i in $(seq -w 1 400); do
	curl -fs -o /dev/null -H "$auth" -H 'Content-Type: application/json' \
		-d "{\"name\":\"Ingredient $i\",\"category\":\"Flours & Starches\",\"default_unit\":\"g\"}" "$base/api/ingredients"
done
mcp() { # tool, arguments
	curl -fs -H "$auth" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"$1\",\"arguments\":$2}}" "$base/mcp"
}
lines='[{"ingredient":"Ingredient 001","quantity":2,"unit":"cup"},{"ingredient":"Ingredient 002","quantity":100,"unit":"g"},{"ingredient":"Ingredient 003","quantity":1,"unit":"tsp"}]'
mcp create_recipe "{\"name\":\"Load Dough\",\"lines\":$lines}" >/dev/null
recipe=$(mcp create_recipe "{\"name\":\"Load Cake\",\"lines\":$lines,\"components\":[{\"recipe\":\"Load Dough\",\"quantity\":2}]}" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["structuredContent"]["id"])')
ingredient=$(curl -fs -H "$auth" "$base/api/ingredients?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')

server_cpu() { # utime + stime of the server, in clock ticks
	awk '{print $14 + $15}' /proc/$server/stat
}
run() { # label, method, path, body
	local script="$work/req.lua"
	printf 'wrk.method = "%s"\nwrk.headers["Authorization"] = "Bearer %s"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Accept"] = "application/json, text/event-stream"\nwrk.body = [[%s]]\n' \
		"$2" "$token" "$4" >"$script"
	local out cpu0 cpu1
	cpu0=$(server_cpu)
	out=$(wrk -t2 -c16 -d"${DURATION}s" --latency -s "$script" "$base$3")
	cpu1=$(server_cpu)
	# The server's CPU time per request: on a shared machine req/s mostly
	# measures the neighbours, CPU per request much less so.
	printf '%-26s %10s req/s   p50 %8s   p99 %8s   server CPU %6s us/req   non-2xx %s\n' "$1" \
		"$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
		"$(awk '$1=="50%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")" \
		"$(awk -v d=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" '/requests in/ {printf "%.0f", d / hz * 1e6 / $1}' <<<"$out")" \
		"$(awk '/Non-2xx/ {print $NF}' <<<"$out" | tr -d '\n' || true)"
}
rpc() { echo "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"$1\",\"arguments\":$2}}"; }

echo "baketracker $(git rev-parse --short HEAD), $(nproc) cores, wrk -t2 -c16 -d${DURATION}s, LOG_LEVEL=$LOG_LEVEL"
run "REST get ingredient" GET "/api/ingredients/$ingredient" ""
if [ "$ENDPOINTS" = rest-get ]; then
	echo "server log: $(wc -l <"$work/serve.log") lines"
	exit 0
fi
run "REST list 400 ingredients" GET "/api/ingredients?limit=500" ""
run "MCP get_ingredient" POST /mcp "$(rpc get_ingredient "{\"id\":\"$ingredient\"}")"
run "MCP list_ingredients 400" POST /mcp "$(rpc list_ingredients '{"limit":500}')"
run "MCP get_recipe expanded" POST /mcp "$(rpc get_recipe "{\"id\":\"$recipe\",\"expand\":true}")"
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$server/status)"
