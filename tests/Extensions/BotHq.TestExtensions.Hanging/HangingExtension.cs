namespace BotHq.TestExtensions.Hanging;

/// <summary>An extension whose hooks and action ignore cancellation and wait until the store's key <c>release</c> (or <c>block</c>) can be read.</summary>
/// <remarks>The tests' store holds the read of <c>release</c> until the test lets it go, so the test decides when the hang ends.</remarks>
public sealed class HangingExtension(IPluginContext context) : IPluginExtension, ITaskCreatedHook, ITaskUpdatedHook, IAgentStartHook, IPluginActionProvider
{
    public async ValueTask OnTaskCreatedAsync(TaskHookData task, CancellationToken cancellationToken)
    {
        await WaitForReleaseAsync();
    }

    // Blocks the calling thread (sync over async) until the store's key "block" can be read: the worst-behaved hook there is.
    public ValueTask OnTaskUpdatedAsync(TaskHookData task, TaskHookChanges changes, CancellationToken cancellationToken)
    {
        context.Store.GetAsync<string>("block", CancellationToken.None).GetAwaiter().GetResult();
        return ValueTask.CompletedTask;
    }

    public async ValueTask<string?> OnAgentStartAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken)
    {
        await WaitForReleaseAsync();
        return "too late";
    }

    public IReadOnlyList<PluginAction> GetActions(ActionKind kind) => kind == ActionKind.Task
        ? [new PluginAction("wait", "Wait", async (_, _) =>
            {
                await WaitForReleaseAsync();
                return ActionResult.Ok("released");
            })]
        : [];

    // Ignores the hook's token on purpose: this is the plugin that does not honour cancellation.
    private Task<string?> WaitForReleaseAsync() => context.Store.GetAsync<string>("release", CancellationToken.None);
}
