namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The <c>task</c> of a task-augmented request (2025-11-25); sent as <c>{}</c>, leaving the task's lifetime to the server.</summary>
internal sealed class TaskMetadata
{
    public static TaskMetadata Default { get; } = new();
}
