// Interoperability check run by cmd/baketracker's TestTypeScriptClient: the
// official TypeScript MCP SDK connects to a running `baketracker serve` over
// Streamable HTTP with an API token, lists the tools, calls a write and a
// read, provokes a tool error, and prints what it saw as one JSON line.
// Usage: node client.mjs http://127.0.0.1:PORT/mcp TOKEN
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, token] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});
const client = new Client({ name: "baketracker-interop", version: "1.0.0" });
await client.connect(transport);

const tools = await client.listTools();
const created = await client.callTool({
  name: "create_ingredient",
  arguments: { name: "Interop Flour", category: "Flours & Starches", default_unit: "cup" },
});
const listed = await client.callTool({ name: "list_ingredients", arguments: { query: "interop" } });
const bad = await client.callTool({
  name: "create_ingredient",
  arguments: { name: "Mystery", default_unit: "handful" },
});

console.log(JSON.stringify({
  server: client.getServerVersion(),
  tools: tools.tools.map((t) => ({ name: t.name, readOnly: t.annotations?.readOnlyHint ?? false })),
  created: created.structuredContent,
  listed: listed.structuredContent,
  bad: { isError: bad.isError ?? false, text: bad.content?.[0]?.text ?? "" },
}));
await client.close();
