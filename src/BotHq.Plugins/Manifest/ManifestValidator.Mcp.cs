using System.Text.Json;

namespace BotHq.Plugins.Manifest;

/// <summary>The rules of the <c>mcp</c> member.</summary>
internal sealed partial class ManifestValidator
{
    private const string McpPath = "$.mcp";

    /// <returns>The keys of <c>mcp.env</c> that are valid names, for the collision check with credentials.</returns>
    private static List<string> ValidateMcp(OrderedDictionary<string, JsonElement> members, ManifestPathChecker paths, List<PluginProblem> problems)
    {
        if (GetObject(members, "mcp", Root, problems, """{"entry": "server/index.js"}""") is not { } mcp)
        {
            return [];
        }

        var mcpMembers = Members(mcp, McpPath, problems);
        var entry = GetString(mcpMembers, "entry", McpPath, problems, "\"server/index.js\"");
        var command = GetString(mcpMembers, "command", McpPath, problems, "\"node\"");
        var entryGiven = mcpMembers.TryGetValue("entry", out var e) && e.ValueKind != JsonValueKind.Null;
        var commandGiven = mcpMembers.TryGetValue("command", out var c) && c.ValueKind != JsonValueKind.Null;

        if (!entryGiven && !commandGiven)
        {
            problems.Add(new PluginProblem(McpPath, "needs \"entry\" (the server's file in the plugin's folder, such as \"server/index.js\") or \"command\" (a program to run, such as \"node\", with \"args\"); add one of them, or remove \"mcp\" if the plugin has no MCP server."));
        }
        else if (entryGiven && commandGiven)
        {
            problems.Add(new PluginProblem(McpPath, "has both \"entry\" and \"command\"; keep one: \"entry\" to run a file from the plugin's folder, or \"command\" with \"args\" to run a program (pass the file in \"args\")."));
        }

        if (entry is not null && paths.Check(entry, "server/index.js") is { } entryProblem)
        {
            problems.Add(new PluginProblem("$.mcp.entry", entryProblem));
        }

        if (command is not null)
        {
            if (string.IsNullOrWhiteSpace(command))
            {
                problems.Add(new PluginProblem("$.mcp.command", "must not be empty: give a program on PATH, such as \"node\", or a file in the plugin's folder, such as \"bin/server\"."));
            }
            else if (!Path.IsPathFullyQualified(command) && command.AsSpan().IndexOfAny('/', '\\') >= 0 && paths.Check(command, "bin/server") is { } commandProblem)
            {
                // A relative command with a separator is a file, which must then be the plugin's own; a bare name is looked up
                // on PATH, and an absolute one names a program the host's administrator installed (/usr/bin/python3).
                problems.Add(new PluginProblem("$.mcp.command", commandProblem));
            }
        }

        if (GetArray(mcpMembers, "args", McpPath, problems, """["server.js", "--verbose"]""") is { } args)
        {
            CheckArgs(args, problems);
        }

        if (GetString(mcpMembers, "transport", McpPath, problems, "\"stdio\"") is { } transport && transport != "stdio")
        {
            problems.Add(new PluginProblem("$.mcp.transport", $"{Quote(transport)} is not supported; the only transport is \"stdio\". Set it to \"stdio\" or remove it (stdio is the default)."));
        }

        if (GetArray(mcpMembers, "tools", McpPath, problems, """["search_issues", "create_issue"]""") is { } tools)
        {
            CheckStringItems(tools, "$.mcp.tools", problems, "\"search_issues\"", unique: true);
        }

        return GetObject(mcpMembers, "env", McpPath, problems, """{"LOG_LEVEL": "info"}""") is { } env ? ValidateEnv(env, problems) : [];
    }

    private static void CheckArgs(JsonElement args, List<PluginProblem> problems)
    {
        var index = 0;
        foreach (var arg in args.EnumerateArray())
        {
            // Unlike tools, an empty argument is legitimate: programs do take "" as a value.
            if (arg.ValueKind != JsonValueKind.String)
            {
                problems.Add(new PluginProblem(Index("$.mcp.args", index), $"must be a string, not {Describe(arg)}; write numbers and flags in quotes, such as \"--port\", \"8080\"."));
            }

            index++;
        }
    }

    private static List<string> ValidateEnv(JsonElement env, List<PluginProblem> problems)
    {
        const string path = "$.mcp.env";
        var keys = new List<string>();
        var byFoldedName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in Members(env, path, problems))
        {
            var keyPath = Member(path, key);
            if (value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new PluginProblem(keyPath, $"must be a string, not {Describe(value)}; environment variables hold text, so write numbers and booleans in quotes, such as \"8080\"."));
            }

            if (CheckVariableName(key, keyPath, "an mcp.env key", problems) && CheckCaseCollision(byFoldedName, key, keyPath, "mcp.env key", problems))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>Checks a name that becomes an environment variable of the plugin's server.</summary>
    private static bool CheckVariableName(string key, string path, string what, List<PluginProblem> problems)
    {
        if (!EnvironmentNamePattern().IsMatch(key))
        {
            problems.Add(new PluginProblem(path, $"{Quote(key)} is not a valid environment variable name, which {what} must be: use letters, digits and '_', not starting with a digit, such as \"MY_PLUGIN_TOKEN\"."));
            return false;
        }

        if (ReservedEnvironmentVariables.IsReserved(key))
        {
            problems.Add(new PluginProblem(path, $"{Quote(key)} is a variable the MCP server already inherits from the host ({string.Join(", ", ReservedEnvironmentVariables.Names)}, and any starting with {string.Join(" or ", ReservedEnvironmentVariables.Prefixes)}; letter case does not matter); choose another name, such as \"MY_PLUGIN_{key.ToUpperInvariant()}\"."));
            return false;
        }

        return true;
    }

    /// <summary>Reports a name equal to an earlier one but for letter case: Windows would see one variable.</summary>
    private static bool CheckCaseCollision(Dictionary<string, string> byFoldedName, string key, string path, string what, List<PluginProblem> problems)
    {
        if (byFoldedName.TryAdd(key, key))
        {
            return true;
        }

        problems.Add(new PluginProblem(path, $"differs from the {what} {Quote(byFoldedName[key])} only in letter case; environment variable names ignore case on Windows, so the two would collide. Rename or remove one."));
        return false;
    }
}
