using System.Text.Json;

namespace BotHq.Plugins.Manifest;

/// <summary>The rules of the <c>mcp</c> member.</summary>
internal sealed partial class ManifestValidator
{
    private const string McpPath = "$.mcp";

    /// <summary>Checks the <c>mcp</c> member and reads it into the model.</summary>
    /// <param name="members">The manifest's members.</param>
    /// <param name="paths">Checks the paths.</param>
    /// <param name="problems">Receives the problems.</param>
    /// <param name="envKeys">The keys of <c>mcp.env</c> that are valid names, for the collision check with credentials.</param>
    private static PluginMcpManifest? ValidateMcp(ManifestObject members, ManifestPathChecker paths, List<PluginProblem> problems, out List<string> envKeys)
    {
        envKeys = [];
        if (GetObject(members, "mcp", Root, problems, """{"entry": "server/index.js"}""") is not { } mcp)
        {
            return null;
        }

        var mcpMembers = ManifestObject.Create(mcp, McpPath, problems);
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

        var args = GetArray(mcpMembers, "args", McpPath, problems, """["server.js", "--verbose"]""") is { } argsArray ? CheckArgs(argsArray, problems) : null;
        var transport = GetString(mcpMembers, "transport", McpPath, problems, "\"stdio\"");
        if (transport is not null and not "stdio")
        {
            problems.Add(new PluginProblem("$.mcp.transport", $"{Quote(transport)} is not supported; the only transport is \"stdio\". Set it to \"stdio\" or remove it (stdio is the default)."));
        }

        var tools = GetArray(mcpMembers, "tools", McpPath, problems, """["search_issues", "create_issue"]""") is { } toolsArray
            ? CheckStringItems(toolsArray, "$.mcp.tools", problems, "\"search_issues\"", unique: true)
            : null;
        var approval = ValidateApproval(mcpMembers, tools, problems);
        var env = GetObject(mcpMembers, "env", McpPath, problems, """{"LOG_LEVEL": "info"}""") is { } envObject ? ValidateEnv(envObject, problems, envKeys) : null;
        return new PluginMcpManifest { Entry = entry, Command = command, Args = args, Transport = transport, Tools = tools, Approval = approval, Env = env };
    }

    /// <summary>Checks <c>mcp.approval</c>: <c>"*"</c>, read as <c>["*"]</c>, or tool names, each among <c>mcp.tools</c> when that lists any.</summary>
    private static List<string>? ValidateApproval(ManifestObject members, List<string>? tools, List<PluginProblem> problems)
    {
        const string path = "$.mcp.approval";
        if (!members.TryGetValue("approval", out var approval) || approval.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (approval.ValueKind == JsonValueKind.String)
        {
            if (approval.ValueEquals(PluginMcpManifest.AllTools))
            {
                return [PluginMcpManifest.AllTools];
            }

            problems.Add(new PluginProblem(path, $"{Quote(approval.GetString()!)} is not \"*\"; list the tools that need approval in an array, such as [\"delete_issue\"], or write \"*\" for every tool."));
            return null;
        }

        if (approval.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new PluginProblem(path, $"must be \"*\" (every tool) or an array of tool names, such as [\"delete_issue\"], not {Describe(approval)}."));
            return null;
        }

        var names = CheckStringItems(approval, path, problems, "\"delete_issue\"", unique: true);
        var allowed = tools is { Count: > 0 } ? new HashSet<string>(tools, StringComparer.Ordinal) : null;
        var index = 0;
        foreach (var item in approval.EnumerateArray())
        {
            var itemPath = Index(path, index++);
            if (item.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            if (item.ValueEquals(PluginMcpManifest.AllTools))
            {
                problems.Add(new PluginProblem(itemPath, "\"*\" cannot stand among tool names; to require approval for every tool write \"approval\": \"*\" (a string, not an array)."));
            }
            else if (allowed is not null && item.GetString() is { Length: > 0 } name && !allowed.Contains(name))
            {
                // An error, not a note: the likely cause is a misspelled name, which would leave the intended tool without approval.
                problems.Add(new PluginProblem(itemPath, $"{Quote(name)} is not in \"tools\", so it can never be called; correct the name (names are case-sensitive) or add it to \"tools\"."));
            }
        }

        return names;
    }

    private static List<string> CheckArgs(JsonElement args, List<PluginProblem> problems)
    {
        var values = new List<string>(args.GetArrayLength());
        var index = 0;
        foreach (var arg in args.EnumerateArray())
        {
            // Unlike tools, an empty argument is legitimate: programs do take "" as a value.
            if (arg.ValueKind != JsonValueKind.String)
            {
                problems.Add(new PluginProblem(Index("$.mcp.args", index), $"must be a string, not {Describe(arg)}; write numbers and flags in quotes, such as \"--port\", \"8080\"."));
            }
            else
            {
                values.Add(arg.GetString()!);
            }

            index++;
        }

        return values;
    }

    /// <summary>Checks <c>mcp.env</c>, adding the keys that are valid names to <paramref name="keys"/>.</summary>
    private static Dictionary<string, string> ValidateEnv(JsonElement env, List<PluginProblem> problems, List<string> keys)
    {
        const string path = "$.mcp.env";
        var values = new Dictionary<string, string>(env.GetPropertyCount(), StringComparer.Ordinal);
        var byFoldedName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in ManifestObject.Create(env, path, problems).Members())
        {
            var keyPath = Member(path, key);
            if (value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new PluginProblem(keyPath, $"must be a string, not {Describe(value)}; environment variables hold text, so write numbers and booleans in quotes, such as \"8080\"."));
            }
            else
            {
                values[key] = value.GetString()!;
            }

            if (CheckVariableName(key, keyPath, "an mcp.env key", problems) && CheckCaseCollision(byFoldedName, key, keyPath, "mcp.env key", problems))
            {
                keys.Add(key);
            }
        }

        return values;
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
