namespace BotHq.TestExtensions.WaitsForFile;

/// <summary>An extension whose task-created hook ignores cancellation and runs until a file named <c>release</c> appears in its
/// plugin folder: a hung hook that works with the runtime's real stores, so the test decides when it ends.</summary>
public sealed class WaitsForFileExtension(IPluginContext context) : IPluginExtension, ITaskCreatedHook
{
    public async ValueTask OnTaskCreatedAsync(TaskHookData task, CancellationToken cancellationToken)
    {
        var release = Path.Combine(context.Directory, "release");
        while (!File.Exists(release))
        {
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
