using System.Text.Json.Serialization;

namespace BotHq.Plugins.Manifest;

/// <summary>A plugin's MCP server: the <c>mcp</c> member of plugin.json.</summary>
/// <remarks>Give either <see cref="Entry"/> (a script or program in the plugin's folder, run by its extension) or <see cref="Command"/> with <see cref="Args"/>.</remarks>
public sealed class PluginMcpManifest
{
    /// <summary>The value of <see cref="Approval"/>'s one item when every tool needs approval: <c>*</c>.</summary>
    public const string AllTools = "*";

    /// <summary>Gets the server's entry file, relative to the plugin's folder: <c>.js</c>/<c>.mjs</c>/<c>.cjs</c> run with node, <c>.ts</c> with tsx, <c>.py</c> with python3, <c>.dll</c> with dotnet, anything else as an executable.</summary>
    public string? Entry { get; init; }

    /// <summary>Gets the program to run (looked up on PATH, or relative to the plugin's folder when it contains a path separator).</summary>
    public string? Command { get; init; }

    /// <summary>Gets the arguments passed to <see cref="Command"/> (or after <see cref="Entry"/>), as a list: never through a shell.</summary>
    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>Gets the transport; <c>stdio</c> is the only one supported and the default.</summary>
    public string? Transport { get; init; }

    /// <summary>Gets the tools the host may list and call; when set, every other tool is refused before it reaches the server.</summary>
    public IReadOnlyList<string>? Tools { get; init; }

    /// <summary>Gets the tools whose every call needs a human's approval first, or <c>["*"]</c> (written <c>"approval": "*"</c>) for every tool.</summary>
    /// <remarks>The runtime itself does not ask: hosts that hand tools to a model (BotHq.Plugins.AI) mark these as needing approval,
    /// and may override the manifest per plugin or tool. Each name is one of <see cref="Tools"/> when that lists any.</remarks>
    [JsonConverter(typeof(ToolApprovalJsonConverter))]
    public IReadOnlyList<string>? Approval { get; init; }

    /// <summary>Gets extra environment variables for the server.</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }
}
