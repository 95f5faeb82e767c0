using BotHq.Plugins.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>An extension host over a <see cref="TestExtensionSource"/> in a temp folder, with short timeouts for hanging plugins.</summary>
internal sealed class ExtensionTestBed : IAsyncDisposable
{
    public ExtensionTestBed(TimeSpan? hookTimeout = null, TimeSpan? actionTimeout = null)
    {
        Root = new TempDirectory("ext");
        Source = new TestExtensionSource(Root);
        Options = TestOptions.For(Root, options =>
        {
            options.HookTimeout = hookTimeout ?? TimeSpan.FromSeconds(10);
            options.ActionTimeout = actionTimeout ?? TimeSpan.FromSeconds(10);
        });
        Host = new ExtensionHost(Source, Options, NullLoggerFactory.Instance, TimeProvider.System);
    }

    public TempDirectory Root { get; }

    public TestExtensionSource Source { get; }

    public PluginRuntimeOptions Options { get; }

    public ExtensionHost Host { get; }

    public static TaskHookData Task(string id = "t-1", string title = "Fix the login page") =>
        new() { Id = id, WorkspaceId = "w-1", Title = title, State = "todo", Priority = 2 };

    public static AgentHookData Agent(string sessionId = "s-1") =>
        new() { SessionId = sessionId, WorkspaceId = "w-1", TaskId = "t-1", Status = "running" };

    public static ApprovalHookData Approval(params string[] commits) =>
        new() { Id = "a-1", TaskId = "t-1", WorkspaceId = "w-1", BranchName = "feature/login", BaseBranch = "main", CommitMessages = commits, Status = "pending" };

    /// <summary>Runs the garbage collector until a weak reference dies, or gives up after a bounded number of rounds.</summary>
    public static async Task<bool> IsCollectedAsync(WeakReference reference)
    {
        for (var i = 0; i < 40 && reference.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            await System.Threading.Tasks.Task.Delay(25);
        }

        return !reference.IsAlive;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Root.Dispose();
    }
}
