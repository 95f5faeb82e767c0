namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The client's capabilities: none (no sampling, roots or elicitation), sent as <c>{}</c>.</summary>
internal sealed class ClientCapabilities
{
    public static ClientCapabilities None { get; } = new();
}
