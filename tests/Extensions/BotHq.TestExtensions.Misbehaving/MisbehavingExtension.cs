namespace BotHq.TestExtensions.Misbehaving;

/// <summary>An extension that misbehaves in the ways a host must survive, each chosen by a setting or a hook, and released by the
/// test through the store's gated key <c>release</c>.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>The task-created hook keeps its cancellation token; the agent-start hook reports whether that kept token was cancelled since.</item>
/// <item>The task-updated hook ignores its token and waits for <c>release</c>: it times out.</item>
/// <item>The agent-complete hook is the well-behaved long one: it writes <c>agent-complete-started</c> in its plugin folder, waits
/// until its token is cancelled, then writes <c>agent-complete-cancelled</c> there.</item>
/// <item>The approval-created hook blocks its thread (sync over async) until <c>release</c>: the synchronous part of a hook.</item>
/// <item>The setting <c>actions</c> makes <see cref="GetActions"/> throw (<c>throw</c>) or block until <c>release</c> (<c>hang</c>);
/// the setting <c>describe</c> = <c>hang</c> makes its task action <c>odd</c>'s description block instead. Its task action <c>block</c> blocks
/// its thread until <c>release</c> before returning a task.</item>
/// </list>
/// </remarks>
public sealed class MisbehavingExtension(IPluginContext context)
    : IPluginExtension, ITaskCreatedHook, ITaskUpdatedHook, IAgentStartHook, IAgentCompleteHook, IApprovalCreatedHook, IPluginActionProvider
{
    private CancellationToken _kept;

    public ValueTask OnTaskCreatedAsync(TaskHookData task, CancellationToken cancellationToken)
    {
        // Kept past the call, as a plugin that starts background work with it would.
        _kept = cancellationToken;
        return ValueTask.CompletedTask;
    }

    public async ValueTask OnTaskUpdatedAsync(TaskHookData task, TaskHookChanges changes, CancellationToken cancellationToken) =>
        await WaitForReleaseAsync();

    public ValueTask<string?> OnAgentStartAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken) =>
        ValueTask.FromResult<string?>($"kept token cancelled: {_kept.IsCancellationRequested}");

    public async ValueTask OnAgentCompleteAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(Path.Combine(context.Directory, "agent-complete-started"), agent.SessionId, CancellationToken.None);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await File.WriteAllTextAsync(Path.Combine(context.Directory, "agent-complete-cancelled"), agent.SessionId, CancellationToken.None);
            throw;
        }
    }

    public ValueTask OnApprovalCreatedAsync(ApprovalHookData approval, CancellationToken cancellationToken)
    {
        WaitForReleaseAsync().GetAwaiter().GetResult();
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<PluginAction> GetActions(ActionKind kind)
    {
        switch (Setting("actions"))
        {
            case "throw":
                throw new InvalidOperationException($"Plugin '{context.PluginName}' cannot list its {kind} actions.");
            case "hang":
                WaitForReleaseAsync().GetAwaiter().GetResult();
                break;
        }

        if (kind != ActionKind.Task)
        {
            return [];
        }

        return
        [
            new PluginAction("odd", "Odd", (_, _) => ValueTask.FromResult(ActionResult.Ok("odd ran")))
            {
                DescriptionFactory = _ =>
                {
                    if (Setting("describe") == "hang")
                    {
                        WaitForReleaseAsync().GetAwaiter().GetResult();
                    }

                    return "An odd action";
                },
            },
            new PluginAction("block", "Block", (_, _) =>
            {
                WaitForReleaseAsync().GetAwaiter().GetResult();
                return ValueTask.FromResult(ActionResult.Ok("released"));
            }),
        ];
    }

    private string? Setting(string key) => context.Settings.Find(key) is null ? null : context.Settings.GetString(key);

    // Ignores every token on purpose: this is the plugin that does not honour cancellation.
    private Task<string?> WaitForReleaseAsync() => context.Store.GetAsync<string>("release", CancellationToken.None);
}
