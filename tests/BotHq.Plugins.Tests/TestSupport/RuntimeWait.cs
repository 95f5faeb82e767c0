using Microsoft.Extensions.Primitives;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>Waits, up to 10 seconds, for an effect that another instance's change has on a runtime: on its change signal when the
/// effect is in its state, or by looking again when it is outside (a process that exits). Never asserts a time.</summary>
internal static class RuntimeWait
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Waits until <paramref name="condition"/> holds, checking it again at each change signal of <paramref name="runtime"/>.</summary>
    public static async Task UntilAsync(IPluginRuntime runtime, Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Limit);
        while (true)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (runtime.GetChangeToken().RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), changed))
            {
                if (condition())
                {
                    return;
                }

                try
                {
                    await changed.Task.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"Not within {Limit.TotalSeconds:0} s: {what}");
                }
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, looking again every 50 ms: for effects outside the runtime's state.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not within {Limit.TotalSeconds:0} s: {what}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, asking again every 50 ms: for effects another process shows (HTTP).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not within {Limit.TotalSeconds:0} s: {what}");
            }

            await Task.Delay(50);
        }
    }
}
