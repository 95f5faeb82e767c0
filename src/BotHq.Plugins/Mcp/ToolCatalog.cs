using System.Text.Json;
using BotHq.Plugins.Mcp.Protocol;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>One listing of a server's tools: what callers see (masked, filtered) and, by name, what calls need of each
/// definition as the server wrote it (its input schema, task support, output schema).</summary>
internal sealed class ToolCatalog
{
    private readonly Dictionary<string, Entry> _entries;

    public ToolCatalog(IReadOnlyList<McpTool> tools, Dictionary<string, Entry> entries, IReadOnlyList<string>? offered = null)
    {
        Tools = tools;
        _entries = entries;
        Offered = offered ?? [];
    }

    /// <summary>Gets the tools callers see.</summary>
    public IReadOnlyList<McpTool> Tools { get; }

    /// <summary>Gets the name of every tool the server listed, before the allow-list and the transport's checks (for validate --start).</summary>
    public IReadOnlyList<string> Offered { get; }

    public Entry? Find(string name) => _entries.GetValueOrDefault(name);

    /// <summary>What a call needs of one tool's definition.</summary>
    internal sealed class Entry(string name, ToolDefinition definition, string pluginName, ILogger logger)
    {
        private readonly Lock _gate = new();
        private OutputSchema? _outputSchema;
        private bool _built;

        public string Name => name;

        /// <summary>Gets the input schema as the server wrote it.</summary>
        public JsonElement InputSchema => definition.InputSchema;

        /// <summary>Gets <c>execution.taskSupport</c> (2025-11-25); <c>forbidden</c> when absent.</summary>
        public string TaskSupport => definition.Execution?.TaskSupport ?? McpTaskSupport.Forbidden;

        /// <summary>Gets whether the tool declares an output schema.</summary>
        public bool HasOutputSchema => definition.OutputSchema is { ValueKind: JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False };

        /// <summary>Gets the tool's output schema, built on first use and kept for as long as this listing; <see langword="null"/>
        /// when it has none, or one that is not a valid JSON Schema (logged once).</summary>
        public OutputSchema? OutputSchema
        {
            get
            {
                if (Volatile.Read(ref _built))
                {
                    return _outputSchema;
                }

                lock (_gate)
                {
                    if (!_built && definition.OutputSchema is { } schema && HasOutputSchema)
                    {
                        _outputSchema = OutputSchema.TryBuild(schema, out var error);
                        if (error is not null)
                        {
                            McpLog.OutputSchemaInvalid(logger, pluginName, name, error);
                        }
                    }

                    Volatile.Write(ref _built, true);
                    return _outputSchema;
                }
            }
        }
    }
}
