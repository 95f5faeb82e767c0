namespace BotHq.Plugins.Mcp.Stdio;

/// <summary>The program, arguments, folder and environment a plugin's server is started with.</summary>
/// <param name="Program">The full path of the program to run.</param>
/// <param name="Arguments">The arguments, passed as a list (never through a shell).</param>
/// <param name="WorkingDirectory">The plugin's folder.</param>
/// <param name="Environment">The whole environment of the process.</param>
/// <param name="Display">The command as written for messages: program name and arguments.</param>
internal sealed record McpServerCommand(
    string Program,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string Display);
