namespace BotHq.Plugins.Tests.Manifest;

/// <summary>Valid plugin.json texts used by the valid-case tests; the schema test checks each of them against docs/plugin.schema.json.</summary>
internal static class ManifestSamples
{
    /// <summary>The seed's acceptance manifest.</summary>
    public const string Seed = """{"name":"test-plugin","version":"1.0.0","description":"Test plugin for development"}""";

    /// <summary>Every member the manifest knows, each used once.</summary>
    public const string Full = """
        {
          "name": "github-issues",
          "version": "2.1.0-beta.1+build.5",
          "description": "Turns GitHub issues into tasks",
          "author": { "name": "Ada Lovelace", "url": "https://example.com/ada" },
          "repository": "https://github.com/example/github-issues",
          "license": "MIT",
          "bot-hq": { "minVersion": "1.0.0" },
          "mcp": {
            "entry": "server/index.js",
            "args": ["--verbose", ""],
            "transport": "stdio",
            "tools": ["search_issues", "create_issue"],
            "approval": ["create_issue"],
            "env": { "LOG_LEVEL": "info", "_PRIVATE": "1" }
          },
          "extensions": "bin/GithubIssues.dll",
          "ui": {
            "tabs": [
              { "id": "issues", "label": "Issues", "icon": "github", "component": "ui/IssuesTab.js" },
              { "id": "pulls", "label": "Pull requests", "component": "./ui/PullsTab.js" }
            ],
            "workspaceSettings": "ui/WorkspaceSettings.js",
            "taskBadge": "ui/TaskBadge.js",
            "taskActions": "ui/nested/../TaskActions.js"
          },
          "settings": {
            "apiUrl": { "type": "string", "label": "API URL", "description": "GitHub's API address", "default": "https://api.github.com" },
            "pageSize": { "type": "number", "label": "Page size", "default": 50 },
            "includeClosed": { "type": "boolean", "label": "Include closed issues", "default": false },
            "sort": { "type": "select", "label": "Sort by", "options": ["created", "updated"], "default": "updated" },
            "notes": { "type": "string" }
          },
          "credentials": {
            "GITHUB_TOKEN": { "type": "secret", "label": "GitHub token", "description": "A token with repo scope", "required": true },
            "webhook_secret": { "type": "secret", "label": "Webhook secret" }
          },
          "permissions": ["network", "tasks:create"]
        }
        """;

    /// <summary>An MCP server run by command, with members unknown to this runtime (which must be ignored) and nulls.</summary>
    public const string CommandServer = """
        {
          "name": "py-tools",
          "version": "0.3.0",
          "description": null,
          "homepage": "https://example.com",
          "mcp": { "command": "python3", "args": ["-m", "py_tools"], "approval": "*", "env": { "PYTHONUNBUFFERED": "1" }, "futureOption": { "x": 1 } },
          "settings": { "prefix": { "type": "string", "default": null, "options": null, "widget": "textarea" } },
          "ui": null,
          "futureSection": [1, 2, 3]
        }
        """;

    /// <summary>A command inside the plugin's folder and a minVersion equal to the default host version.</summary>
    public const string LocalCommand = """
        {"name":"local-bin","version":"1.0.0","bot-hq":{"minVersion":"1.0.0"},"mcp":{"command":"bin/server","transport":"stdio"}}
        """;

    /// <summary>Gets every valid sample, named for test output.</summary>
    public static IEnumerable<TestCaseData> All()
    {
        yield return new TestCaseData(Seed).SetArgDisplayNames("Seed");
        yield return new TestCaseData(Full).SetArgDisplayNames("Full");
        yield return new TestCaseData(CommandServer).SetArgDisplayNames("CommandServer");
        yield return new TestCaseData(LocalCommand).SetArgDisplayNames("LocalCommand");
    }
}
