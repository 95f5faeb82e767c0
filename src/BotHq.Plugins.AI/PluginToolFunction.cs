using System.Collections.ObjectModel;
using System.Text.Json;
using BotHq.Plugins.AI.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.AI;

/// <summary>One plugin's MCP tool as an <see cref="AIFunction"/>: invoking it calls the tool through <see cref="IPluginRuntime.CallToolAsync(string, string, System.Text.Json.JsonElement?, TimeSpan?, CancellationToken)"/>.</summary>
/// <remarks>
/// <para>The call keeps every rule of the runtime: the manifest's <c>mcp.tools</c> allow-list, the call timeout, cancellation
/// (the server is told), the plugin's credentials and the server's supervision and restarts.</para>
/// <para><b>Name.</b> <c>{plugin}_{tool}</c>, which model APIs accept as it is when the tool's name uses only <c>a-z A-Z 0-9 _ -</c>
/// and the whole fits in 64 characters. Otherwise every other character becomes <c>_</c> and, when the result is too long or is
/// already another tool's name, it is cut and ends in <c>_</c> and 8 hex digits of a hash of the plugin and tool names. Map a
/// name back with <see cref="PluginName"/> and <see cref="ToolName"/> (also in <see cref="AdditionalProperties"/> under
/// <see cref="PluginNameKey"/> and <see cref="ToolNameKey"/>).</para>
/// <para><b>Result.</b> A list of <see cref="AIContent"/>, one per content block: text as <see cref="TextContent"/>, image and audio
/// as <see cref="DataContent"/> with their media type, a resource link as <see cref="UriContent"/>, an embedded resource as
/// <see cref="TextContent"/> or <see cref="DataContent"/> (its URI under <c>uri</c> in the content's additional properties); each
/// content's <see cref="AIContent.RawRepresentation"/> is the block as the server sent it. Structured content is kept: on the text
/// block that holds the same JSON, or else on a text content added with that JSON, under <see cref="StructuredContentKey"/>.
/// A failure the model should know of is an <see cref="ErrorContent"/> with one of <see cref="PluginToolErrorCodes"/> and a
/// readable message (a tool's <c>isError</c>, a disabled or removed plugin, a refused or unknown tool, a timeout, a failed server),
/// never an exception that ends the chat turn. Cancellation still throws.</para>
/// </remarks>
public sealed class PluginToolFunction : AIFunction
{
    /// <summary>The key of the plugin's name in <see cref="AdditionalProperties"/>.</summary>
    public const string PluginNameKey = "BotHq.PluginName";

    /// <summary>The key of the MCP tool's name in <see cref="AdditionalProperties"/>.</summary>
    public const string ToolNameKey = "BotHq.ToolName";

    /// <summary>The key, in a result content's <see cref="AIContent.AdditionalProperties"/>, of the tool's structured content (a <see cref="JsonElement"/>).</summary>
    public const string StructuredContentKey = "structuredContent";

    private readonly IPluginRuntime _runtime;
    private readonly ILogger _logger;
    private readonly IReadOnlyDictionary<string, object?> _additionalProperties;

    internal PluginToolFunction(IPluginRuntime runtime, string pluginName, McpTool tool, string name, ILogger logger)
    {
        _runtime = runtime;
        _logger = logger;
        PluginName = pluginName;
        Tool = tool;
        Name = name;
        Description = tool.Description ?? tool.Title ?? string.Empty;
        _additionalProperties = new ReadOnlyDictionary<string, object?>(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            // As the official SDK's McpClientTool: a server's schema need not meet a provider's "strict" rules.
            ["Strict"] = false,
            [PluginNameKey] = pluginName,
            [ToolNameKey] = tool.Name,
        });
    }

    /// <summary>Gets the name of the plugin whose server offers the tool.</summary>
    public string PluginName { get; }

    /// <summary>Gets the tool's name on its MCP server, as passed to <see cref="IPluginRuntime.CallToolAsync(string, string, System.Text.Json.JsonElement?, TimeSpan?, CancellationToken)"/>.</summary>
    public string ToolName => Tool.Name;

    /// <summary>Gets the tool as the server listed it: title, description, schemas and annotations.</summary>
    public McpTool Tool { get; }

    /// <summary>Gets the name the model sees and calls: <c>{plugin}_{tool}</c>, cleaned and made unique (see the remarks of the class).</summary>
    public override string Name { get; }

    /// <summary>Gets the tool's description, or its title when it has none.</summary>
    public override string Description { get; }

    /// <summary>Gets the tool's <c>inputSchema</c>, as the server sent it.</summary>
    public override JsonElement JsonSchema => Tool.InputSchema;

    /// <summary>Gets the tool's <c>outputSchema</c>, when it has one: the shape of its structured content.</summary>
    public override JsonElement? ReturnJsonSchema => Tool.OutputSchema;

    /// <summary>Gets the options the arguments are serialized with: <see cref="AIJsonUtilities.DefaultOptions"/>.</summary>
    public override JsonSerializerOptions JsonSerializerOptions => AIJsonUtilities.DefaultOptions;

    /// <summary>Gets <c>Strict = false</c>, and the plugin's and tool's names under <see cref="PluginNameKey"/> and <see cref="ToolNameKey"/>.</summary>
    public override IReadOnlyDictionary<string, object?> AdditionalProperties => _additionalProperties;

    /// <inheritdoc />
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var json = ToolArguments.ToJson(arguments, JsonSerializerOptions);
        McpToolResult result;
        try
        {
            result = await _runtime.CallToolAsync(PluginName, Tool.Name, json, timeout: null, cancellationToken).ConfigureAwait(false);
        }
        catch (PluginException ex) when (ToolResults.ErrorCode(ex) is { } code)
        {
            CatalogLog.CallFailed(_logger, PluginName, Tool.Name, code, ex);
            return ToolResults.FromException(code, ex);
        }

        return ToolResults.ToContents(result, PluginName, Tool.Name);
    }
}
