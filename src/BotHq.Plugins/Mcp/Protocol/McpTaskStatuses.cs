namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The statuses of a task.</summary>
internal static class McpTaskStatuses
{
    public const string Working = "working";
    public const string InputRequired = "input_required";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
