#!/usr/bin/env python3
"""The plugin's MCP server, on the Python standard library only.

The runtime starts it with `python3 server/server.py` (plugin.json's mcp) and speaks MCP's JSON-RPC to it over stdio:
one JSON message per line on stdin and stdout. stdout carries only protocol messages, so logs go to stderr.
"""
import json
import os
import sys

SERVER_INFO = {"name": "plugin-template-name", "version": "0.1.0"}
# The protocol versions this server speaks, newest first; it answers a client's version when it knows it.
PROTOCOL_VERSIONS = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

# Each tool must be listed in plugin.json's mcp.tools to be callable.
TOOLS = [
    {
        "name": "greet",
        "description": "Greets someone, and says whether the API_TOKEN credential is set.",
        "inputSchema": {
            "type": "object",
            "properties": {"name": {"type": "string", "description": "Who to greet"}},
            "required": ["name"],
        },
    }
]


def greet(arguments):
    name = arguments.get("name")
    if not isinstance(name, str) or not name:
        return {"content": [{"type": "text", "text": "greet needs a non-empty 'name'."}], "isError": True}
    # Credentials reach the server as environment variables named by their key; never echo their value.
    token = "set" if os.environ.get("API_TOKEN") else "not set"
    return {"content": [{"type": "text", "text": f"Hello, {name}! API_TOKEN is {token}."}]}


def handle(method, params):
    """Returns the result of a request, or raises LookupError for an unknown method or tool."""
    if method == "initialize":
        asked = params.get("protocolVersion")
        return {
            "protocolVersion": asked if asked in PROTOCOL_VERSIONS else PROTOCOL_VERSIONS[0],
            "capabilities": {"tools": {}},
            "serverInfo": SERVER_INFO,
        }
    if method == "ping":
        return {}
    if method == "tools/list":
        return {"tools": TOOLS}
    if method == "tools/call":
        if params.get("name") == "greet":
            return greet(params.get("arguments") or {})
        raise LookupError(f"Unknown tool: {params.get('name')}")
    raise LookupError(f"Method not found: {method}")


def send(message):
    sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            message = json.loads(line)
        except json.JSONDecodeError as error:
            send({"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": f"Parse error: {error}"}})
            continue
        if not isinstance(message, dict) or "method" not in message:
            continue  # a response or a batch: this server sends no requests of its own
        if "id" not in message:
            continue  # a notification (notifications/initialized, notifications/cancelled): nothing to answer
        try:
            result = handle(message["method"], message.get("params") or {})
            send({"jsonrpc": "2.0", "id": message["id"], "result": result})
        except LookupError as error:
            code = -32601 if message["method"] not in ("tools/call",) else -32602
            send({"jsonrpc": "2.0", "id": message["id"], "error": {"code": code, "message": str(error)}})
        except Exception as error:  # a bug in a tool: answer with an error instead of dying
            print(f"error: {error!r}", file=sys.stderr)
            send({"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32603, "message": "Internal error"}})


if __name__ == "__main__":
    main()
