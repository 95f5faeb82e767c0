using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace BotHq.Plugins.Tests;

public sealed class ChangeSignalTests
{
    [Test]
    public void Fire_NobodyHoldsAToken_DoesNothing_AndTheNextTokenIsFresh()
    {
        var signal = new ChangeSignal(new FakeLogger());

        signal.Fire();
        var token = signal.GetToken();

        Assert.That(token.HasChanged, Is.False);
        Assert.That(token.ActiveChangeCallbacks, Is.True);
        Assert.That(signal.GetToken(), Is.SameAs(token), "one token per generation");
    }

    [Test]
    public async Task Fire_TokenHeld_HasChangedAtOnce_CallbackRunsOnThePool_AndANewGenerationStarts()
    {
        var signal = new ChangeSignal(new FakeLogger());
        var token = signal.GetToken();
        var ran = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = token.RegisterChangeCallback(_ => ran.TrySetResult(Thread.CurrentThread.IsThreadPoolThread), null);

        signal.Fire();
        var changedAtOnce = token.HasChanged;
        var onPool = await ran.Task;
        var next = signal.GetToken();

        Assert.That(changedAtOnce, Is.True);
        Assert.That(onPool, Is.True);
        Assert.That(next, Is.Not.SameAs(token));
        Assert.That(next.HasChanged, Is.False);
    }

    [Test]
    public async Task Fire_CallbackThrows_IsLogged_AndTheOtherCallbacksRun()
    {
        var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var logger = new FakeLogger(new FakeLogCollector(Microsoft.Extensions.Options.Options.Create(new FakeLogCollectorOptions { OutputSink = _ => logged.TrySetResult() })));
        var signal = new ChangeSignal(logger);
        var token = signal.GetToken();
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var failing = token.RegisterChangeCallback(_ => throw new InvalidOperationException("listener bug"), null);
        using var other = token.RegisterChangeCallback(_ => second.TrySetResult(), null);

        signal.Fire();
        await second.Task;
        await logged.Task;

        var record = logger.Collector.LatestRecord;
        Assert.That(record.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(record.Message, Does.Contain("change listener"));
        Assert.That(record.Exception, Is.InstanceOf<AggregateException>());
    }

    [Test]
    public async Task ChangeTokenOnChange_FiresForEveryGeneration()
    {
        var signal = new ChangeSignal(new FakeLogger());
        using var calls = new SemaphoreSlim(0);
        using var subscription = ChangeToken.OnChange(signal.GetToken, () => calls.Release());

        signal.Fire();
        await calls.WaitAsync();
        signal.Fire();
        await calls.WaitAsync();

        Assert.That(calls.CurrentCount, Is.Zero);
    }
}
