// The MCP server: the runtime starts it with `node server/index.mjs` (plugin.json's mcp) and talks to it over stdin/stdout,
// so logs go to stderr only. Install its packages first: npm ci --prefix server
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "plugin-template-name", version: "0.1.0" });

// Each tool must be listed in plugin.json's mcp.tools to be callable.
server.registerTool(
  "greet",
  {
    description: "Greets someone, and says whether the API_TOKEN credential is set.",
    inputSchema: { name: z.string().describe("Who to greet") },
  },
  async ({ name }) => {
    // Credentials reach the server as environment variables named by their key; never echo their value.
    const token = process.env.API_TOKEN ? "set" : "not set";
    return { content: [{ type: "text", text: `Hello, ${name}! API_TOKEN is ${token}.` }] };
  },
);

await server.connect(new StdioServerTransport());
