using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace BotHq.Plugins.Integration.Tests.Mcp.Http;

/// <summary>A tool of the in-process server whose definition (input schema included) the test writes as JSON, for annotations
/// the SDK's attributes cannot express; it answers with the arguments it received.</summary>
internal sealed class RawTool(string name, string inputSchema) : McpServerTool
{
    public override Tool ProtocolTool { get; } = new() { Name = name, InputSchema = JsonDocument.Parse(inputSchema).RootElement.Clone() };

    public override IReadOnlyList<object> Metadata => [];

    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new CallToolResult
        {
            Content = [new TextContentBlock { Text = JsonSerializer.Serialize(request.Params?.Arguments) }],
        });
}
