namespace BotHq.Plugins.Manifest;

/// <summary>The environment variables a plugin's MCP server inherits from the host, which a plugin may not declare as a credential or in <c>mcp.env</c>.</summary>
/// <remarks>
/// One list serves both sides: the server is started with <see cref="Inherited"/>, and a manifest is refused when it
/// declares any of <see cref="Names"/>, which covers what every system inherits, because a plugin moves between systems.
/// Names compare case-insensitively, because Windows treats environment variable names that way.
/// </remarks>
internal static class ReservedEnvironmentVariables
{
    private static readonly string[] InheritedElsewhere = ["PATH", "HOME", "USER", "LANG", "TMPDIR", "TEMP"];

    private static readonly string[] InheritedOnWindows = ["PATH", "HOME", "USER", "USERNAME", "LANG", "TMPDIR", "TEMP", "TMP", "SystemRoot", "PATHEXT"];

    /// <summary>Gets the variables a server inherits from the host on this system; everything else comes from mcp.env or credentials.</summary>
    public static IReadOnlyList<string> Inherited { get; } = OperatingSystem.IsWindows() ? InheritedOnWindows : InheritedElsewhere;

    /// <summary>Gets the exact names a plugin may not declare: what a server inherits on any system, and the shell's own SHELL and PWD.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. InheritedElsewhere.Union(InheritedOnWindows, StringComparer.OrdinalIgnoreCase), "SHELL", "PWD"];

    /// <summary>Gets the prefixes of the dynamic loader's variables, which act on every process started with them, the runtime's
    /// own setsid launcher included.</summary>
    /// <remarks>Variables that change how the server's own runtime behaves (NODE_OPTIONS, PYTHONPATH, DOTNET_STARTUP_HOOKS,
    /// BASH_ENV) are not reserved: the author who sets them also chooses the command and its arguments (docs/security.md).</remarks>
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
