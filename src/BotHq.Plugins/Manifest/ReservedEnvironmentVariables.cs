namespace BotHq.Plugins.Manifest;

/// <summary>The environment variables a plugin's MCP server inherits from the host, which a plugin may not declare as a credential or in <c>mcp.env</c>.</summary>
/// <remarks>Names compare case-insensitively, because Windows treats environment variable names that way.</remarks>
internal static class ReservedEnvironmentVariables
{
    /// <summary>Gets the exact names a server inherits.</summary>
    public static IReadOnlyList<string> Names { get; } = ["PATH", "HOME", "USER", "LANG", "TMPDIR", "TEMP", "TMP", "SystemRoot", "SHELL", "PWD"];

    /// <summary>Gets the prefixes of the dynamic loader's variables, which could change what code a server runs.</summary>
    public static IReadOnlyList<string> Prefixes { get; } = ["LD_", "DYLD_"];

    /// <summary>Tells whether a name is reserved.</summary>
    /// <param name="name">The variable's name.</param>
    public static bool IsReserved(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var reserved in Names)
        {
            if (string.Equals(name, reserved, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var prefix in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
