using System.Text.Json;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>The plugins the endpoint tests install.</summary>
internal static class WebPlugins
{
    public const string Token = "ghp-S3cr3t-T0ken-4f1b9e";
    public const string WebhookSecret = "whsec-0tH3r-S3cr3t-77a2";

    /// <summary>A plugin with a UI, every kind of setting and two credentials, one required.</summary>
    public static void WriteGitHub(RuntimeHarness harness) => harness.WritePlugin("github", """
        {
          "name": "github",
          "version": "1.2.0",
          "description": "GitHub issues as tasks",
          "ui": { "tabs": [ { "id": "issues", "label": "Issues", "component": "ui/IssuesTab.js" } ] },
          "settings": {
            "apiUrl": { "type": "string", "label": "API URL", "default": "https://api.github.com" },
            "pageSize": { "type": "number", "label": "Page size", "default": 30 },
            "includeClosed": { "type": "boolean", "label": "Include closed issues", "default": false },
            "mode": { "type": "select", "label": "Mode", "options": ["fast", "full"], "default": "fast" }
          },
          "credentials": {
            "GITHUB_TOKEN": { "type": "secret", "label": "Token", "description": "A personal access token", "required": true },
            "WEBHOOK_SECRET": { "type": "secret", "label": "Webhook secret" }
          }
        }
        """);

    /// <summary>The seed's own test plugin (Task 12).</summary>
    public static void WriteTestPlugin(RuntimeHarness harness) => harness.WritePlugin("test-plugin", """
        { "name": "test-plugin", "version": "1.0.0", "description": "Test plugin for development" }
        """);

    /// <summary>A plugin with every part: the MCP test server, the Basic test extension, settings and credentials (GITHUB_TOKEN required).</summary>
    public static void WriteFull(RuntimeHarness harness, string name = "full", string mcpExtra = "")
    {
        var folder = harness.WritePlugin(name, $$"""
            {
              "name": "{{name}}",
              "version": "2.0.0",
              "description": "Every part at once",
              "mcp": { "command": "dotnet", "args": [{{JsonSerializer.Serialize(McpTestServer.DllPath)}}]{{mcpExtra}} },
              "extensions": "{{TestExtensionBuilds.Basic}}.dll",
              "settings": { "pageSize": { "type": "number", "default": 30 } },
              "credentials": {
                "GITHUB_TOKEN": { "type": "secret", "label": "Token", "required": true },
                "WEBHOOK_SECRET": { "type": "secret", "label": "Webhook secret" }
              }
            }
            """);
        TestExtensionBuilds.CopyTo(TestExtensionBuilds.Basic, folder);
    }

    /// <summary>A task as an action context's body.</summary>
    public const string TaskContext = """{"task":{"id":"t-1","workspaceId":"w-1","title":"Fix the login page","state":"open"}}""";
}
