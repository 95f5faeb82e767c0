namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The values of a tool's <c>execution.taskSupport</c>.</summary>
internal static class McpTaskSupport
{
    public const string Forbidden = "forbidden";
    public const string Optional = "optional";
    public const string Required = "required";
}
