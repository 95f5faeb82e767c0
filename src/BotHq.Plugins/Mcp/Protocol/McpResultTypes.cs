namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>Values of a result's <c>resultType</c>; this client accepts only a complete result.</summary>
internal static class McpResultTypes
{
    public const string Complete = "complete";

    public const string InputRequired = "input_required";

    public const string Task = "task";
}
