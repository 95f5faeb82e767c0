using BotHq.Plugins;

namespace BotHq.Plugins.Benchmarks.NoOpExtension;

/// <summary>An extension whose task-created hook completes at once: what is left of a hook call is the runtime's own cost.</summary>
public sealed class NoOpExtension : IPluginExtension, ITaskCreatedHook
{
    /// <summary>Creates the extension.</summary>
    /// <param name="context">The plugin's context; unused.</param>
    public NoOpExtension(IPluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
    }

    /// <inheritdoc />
    public ValueTask OnTaskCreatedAsync(TaskHookData task, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
