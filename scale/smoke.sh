# shellcheck shell=bash disable=SC2154,SC2034 # sourced by citus-check.sh, which sets the variables
# Sourced by citus-check.sh: a read/write smoke test through the real server
# (REST and MCP) against the coordinator.

log "smoke test: baketracker serve against the coordinator"
smoke_port=$((port0 + 80))
DATABASE_URL=$(url 0) PORT=$smoke_port LOG_LEVEL=warn "$work/baketracker" serve --no-migrate >"$work/serve.log" 2>&1 &
server_pid=$!
base=http://127.0.0.1:$smoke_port
for _ in $(seq 100); do curl -fsS "$base/ready" >/dev/null 2>&1 && break; sleep 0.2; done

smoke() { # smoke NAME WANT GOT: one expectation
	if [[ $3 == "$2" ]]; then
		printf '  %-60s %s [ok]\n' "$1" "$3"
	else
		printf '  %-60s got %s, want %s [FAIL]\n' "$1" "$3" "$2"
		failures=$((failures + 1))
	fi
}
token_of() { DATABASE_URL=$(url 0) "$work/baketracker" tenant create --name "$1" --owner-email "$2" | sed -E 's/.*"token":"([^"]+)".*/\1/'; }
call() { # call TOKEN METHOD PATH [BODY]: prints the status, the body goes to $work/body
	curl -sS -o "$work/body" -w '%{http_code}' -X "$2" -H "Authorization: Bearer $1" \
		${4:+-H 'Content-Type: application/json' --data "$4"} "$base$3"
}

smoke "/ready" 200 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/ready")"
ann=$(token_of "Ann's Bakery" ann@example.com)
bob=$(token_of "Bob's Bakery" bob@example.com)
smoke "Ann creates an ingredient" 201 "$(call "$ann" POST /api/ingredients '{"name":"Bread flour","category":"Flour","default_unit":"g"}')"
flour=$(sed -E 's/.*"id":"([^"]+)".*/\1/' "$work/body")
smoke "Ann reads it back" 200 "$(call "$ann" GET "/api/ingredients/$flour")"
smoke "Ann's list names it" 1 "$(call "$ann" GET /api/ingredients >/dev/null; grep -c 'Bread flour' "$work/body")"
smoke "Ann renames it" 200 "$(call "$ann" PATCH "/api/ingredients/$flour" '{"name":"Strong flour"}')"
smoke "Bob gets Ann's ingredient by id" 404 "$(call "$bob" GET "/api/ingredients/$flour")"
smoke "Bob's list is empty" '[]' "$(call "$bob" GET /api/ingredients >/dev/null; tr -d ' \n' <"$work/body")"
smoke "Bob cannot rename Ann's ingredient" 404 "$(call "$bob" PATCH "/api/ingredients/$flour" '{"name":"Mine"}')"
smoke "Bob creates his own" 201 "$(call "$bob" POST /api/ingredients '{"name":"Rye flour","category":"Flour","default_unit":"g"}')"
smoke "Ann still sees only hers" 1 "$(call "$ann" GET /api/ingredients >/dev/null; grep -o '"id"' "$work/body" | wc -l | tr -d ' ')"
mcp_list='{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_ingredients","arguments":{}}}'
smoke "MCP tools/call list_ingredients as Bob" 200 "$(curl -sS -o "$work/body" -w '%{http_code}' -X POST \
	-H "Authorization: Bearer $bob" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
	-H 'MCP-Protocol-Version: 2025-06-18' --data "$mcp_list" "$base/mcp")"
smoke "  ... names Rye and not Strong flour" "1 0" "$(grep -c 'Rye flour' "$work/body") $(grep -c 'Strong flour' "$work/body")"
if grep -qi 'panic\|level=ERROR\|"level":"ERROR"' "$work/serve.log"; then
	echo "  server log has errors:"
	sed 's/^/    /' "$work/serve.log" | head -20
	failures=$((failures + 1))
fi
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=
