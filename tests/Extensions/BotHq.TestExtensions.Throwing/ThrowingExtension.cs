namespace BotHq.TestExtensions.Throwing;

/// <summary>An extension whose hooks throw: synchronously on task creation, after an await on agent start.</summary>
public sealed class ThrowingExtension(IPluginContext context) : IPluginExtension, ITaskCreatedHook, IAgentStartHook
{
    public ValueTask OnTaskCreatedAsync(TaskHookData task, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Plugin '{context.PluginName}' refuses task {task.Id}.");

    public async ValueTask<string?> OnAgentStartAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken)
    {
        await Task.Yield();
        throw new InvalidOperationException($"Plugin '{context.PluginName}' fails after an await for session {agent.SessionId}.");
    }
}
