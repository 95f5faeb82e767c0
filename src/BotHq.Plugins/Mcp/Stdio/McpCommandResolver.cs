using System.Collections;
using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Mcp.Stdio;

/// <summary>Turns a plugin's <c>mcp</c> manifest into the command that starts its server.</summary>
internal static class McpCommandResolver
{
    public static McpServerCommand Resolve(McpServerLaunch launch, PluginMcpOptions options)
    {
        var mcp = launch.Mcp;
        var plugin = launch.PluginName;
        var directory = launch.PluginDirectory;
        if (mcp.Transport is { } transport && !string.Equals(transport, "stdio", StringComparison.OrdinalIgnoreCase))
        {
            throw new McpServerException(plugin, $"The MCP server of plugin '{plugin}' declares transport '{transport}', but only 'stdio' is supported. Set mcp.transport to \"stdio\" (or remove it) in {Path.Combine(directory, "plugin.json")}.");
        }

        var environment = BuildEnvironment(launch, options);
        var path = environment.GetValueOrDefault("PATH") ?? environment.GetValueOrDefault("Path");
        var extraArguments = mcp.Args ?? [];

        if (!string.IsNullOrWhiteSpace(mcp.Command))
        {
            var program = FindProgram(mcp.Command, directory, path)
                ?? throw NotFound(plugin, mcp.Command, $"it is neither on PATH nor in the plugin's folder {directory}");
            return new McpServerCommand(program, [.. extraArguments], directory, environment, Display(mcp.Command, extraArguments));
        }

        if (string.IsNullOrWhiteSpace(mcp.Entry))
        {
            throw new McpServerException(plugin, $"Plugin '{plugin}' has an mcp member with neither entry nor command. Set mcp.entry (a file in the plugin's folder) or mcp.command in {Path.Combine(directory, "plugin.json")}.");
        }

        var entry = Path.GetFullPath(Path.Combine(directory, mcp.Entry));
        if (!File.Exists(entry))
        {
            throw new McpServerException(plugin, $"The MCP server entry '{mcp.Entry}' of plugin '{plugin}' does not exist (looked for {entry}). Build the server or fix mcp.entry in {Path.Combine(directory, "plugin.json")}.");
        }

        string[] withEntry = [entry, .. extraArguments];
        switch (Path.GetExtension(entry).ToLowerInvariant())
        {
            case ".js" or ".mjs" or ".cjs":
                return Interpreted(plugin, "node", directory, path, withEntry, environment, "Install Node.js so that node is on PATH.");
            case ".ts":
                var localTsx = Path.Combine(directory, "node_modules", ".bin", OperatingSystem.IsWindows() ? "tsx.cmd" : "tsx");
                if (File.Exists(localTsx))
                {
                    return new McpServerCommand(localTsx, withEntry, directory, environment, Display(localTsx, withEntry));
                }

                // --no-install: never download at start; npx fails fast when tsx is not installed.
                return Interpreted(plugin, "npx", directory, path, ["--no-install", "tsx", .. withEntry], environment,
                    $"The plugin has no node_modules/.bin/tsx: run 'npm install --save-dev tsx' in {directory}, or install Node.js (with npx) and tsx.");
            case ".py":
                return Interpreted(plugin, OperatingSystem.IsWindows() ? "python" : "python3", directory, path, withEntry, environment, "Install Python 3 so that python3 is on PATH.");
            case ".dll":
                return Interpreted(plugin, "dotnet", directory, path, withEntry, environment, "Install the .NET runtime so that dotnet is on PATH.");
            default:
                return new McpServerCommand(entry, [.. extraArguments], directory, environment, Display(entry, extraArguments));
        }
    }

    /// <summary>Names the hint shown when a start failed, for commands that need one (npx tsx).</summary>
    public static string? StartHint(McpServerCommand command) =>
        command.Arguments is ["--no-install", "tsx", ..]
            ? $"If npx reports that tsx is missing, run 'npm install --save-dev tsx' in {command.WorkingDirectory}."
            : null;

    private static McpServerCommand Interpreted(string plugin, string interpreter, string directory, string? path, string[] arguments, Dictionary<string, string> environment, string fix)
    {
        var program = FindProgram(interpreter, directory, path) ?? throw NotFound(plugin, interpreter, $"it is not on PATH. {fix}");
        return new McpServerCommand(program, arguments, directory, environment, Display(interpreter, arguments));
    }

    private static McpServerException NotFound(string plugin, string command, string why) =>
        new(plugin, $"The MCP server of plugin '{plugin}' cannot start: command '{command}' was not found ({why}).");

    private static Dictionary<string, string> BuildEnvironment(McpServerLaunch launch, PluginMcpOptions options)
    {
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var environment = new Dictionary<string, string>(comparer);
        if (options.InheritEnvironment)
        {
            foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
            }
        }
        else
        {
            foreach (var name in ReservedEnvironmentVariables.Inherited)
            {
                if (System.Environment.GetEnvironmentVariable(name) is { } value)
                {
                    environment[name] = value;
                }
            }
        }

        foreach (var (name, value) in launch.Mcp.Env ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        foreach (var (name, value) in launch.Credentials)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Finds a program: a path relative to the plugin's folder when it names a folder, otherwise on PATH.</summary>
    internal static string? FindProgram(string command, string pluginDirectory, string? path)
    {
        if (Path.IsPathRooted(command) || command.Contains('/', StringComparison.Ordinal) || command.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(Path.Combine(pluginDirectory, command));
            return File.Exists(full) ? full : null;
        }

        string[] extensions = OperatingSystem.IsWindows() ? [string.Empty, ".exe", ".cmd", ".bat"] : [string.Empty];
        foreach (var folder in (path ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(folder, command + extension);
                if (File.Exists(candidate) && IsExecutable(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static string Display(string program, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { program }.Concat(arguments).Select(part => part.Contains(' ', StringComparison.Ordinal) ? $"\"{part}\"" : part));
}
