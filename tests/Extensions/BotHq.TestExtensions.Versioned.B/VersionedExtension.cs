using Humanizer;

namespace BotHq.TestExtensions.Versioned.B;

/// <summary>Reports the version of the Humanizer assembly this plugin sees, and uses it.</summary>
public sealed class VersionedExtension : IPluginExtension, IAgentStartHook
{
    public VersionedExtension(IPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
    }

    public ValueTask<string?> OnAgentStartAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken) =>
        ValueTask.FromResult<string?>($"{typeof(InflectorExtensions).Assembly.GetName().Version}|{"agent_started".Humanize()}");
}
