namespace BotHq.TestExtensions.Rebuilt;

/// <summary>Build 1 of the rebuilt extension: says which build is loaded.</summary>
public sealed class RebuiltExtension : IPluginExtension, IAgentStartHook
{
    public RebuiltExtension(IPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
    }

    public ValueTask<string?> OnAgentStartAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken) =>
        ValueTask.FromResult<string?>("rebuilt build 1");
}
