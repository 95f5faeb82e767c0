using BotHq.Plugins.Mcp;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Tests.Mcp;

/// <summary>A response with nothing read behind it completes its caller on the stdout reader's thread; a caller that holds that
/// thread loses it to a new reader, so it can neither stall the server's other calls nor deadlock on its own.</summary>
public sealed class McpInlineCompletionTests : McpTestBase
{
    private const string ReaderThreadPrefix = "BotHq MCP stdout (";

    [Test]
    public async Task CallToolAsync_ResponseWithNothingBehindIt_ContinuesTheCallerOnTheReaderThread()
    {
        AddTestServer("inline");
        var manager = CreateManager();

        var result = await manager.CallToolAsync("inline", "echo", Json("""{"text":"here"}"""), null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("here"));
            Assert.That(Thread.CurrentThread.Name, Does.StartWith(ReaderThreadPrefix), "no thread-pool hop for the last line read");
        });
    }

    [Test]
    public async Task CallToolAsync_CallerWaitsSynchronouslyOnTheReaderThreadForAnotherCall_AnotherThreadTakesOverReading()
    {
        AddTestServer("held");
        var manager = CreateManager();
        await manager.CallToolAsync("held", "echo", Json("""{"text":"first"}"""), null, CancellationToken.None);
        var heldThread = Thread.CurrentThread;

        // Sync over async on the reader's own thread: the response to this call can only be read by another thread.
        var second = manager.CallToolAsync("held", "echo", Json("""{"text":"second"}"""), null, CancellationToken.None).GetAwaiter().GetResult();
        var third = await manager.CallToolAsync("held", "echo", Json("""{"text":"third"}"""), null, CancellationToken.None);
        var thirdThread = Thread.CurrentThread;

        var held = LogsOf("held").Where(record => record.Message.Contains("was held for", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(heldThread.Name, Does.StartWith(ReaderThreadPrefix));
            Assert.That(second.GetText(), Is.EqualTo("second"));
            Assert.That(third.GetText(), Is.EqualTo("third"));
            Assert.That(thirdThread.Name ?? string.Empty, Does.Not.StartWith(ReaderThreadPrefix), "right after a hold, callers continue on the pool");
            Assert.That(held, Has.Count.EqualTo(1));
            Assert.That(held[0].Level, Is.EqualTo(LogLevel.Information));
            Assert.That(held[0].Message, Does.Contain("for the next 00:00:01"));
            Assert.That(manager.GetStatus("held").RestartCount, Is.Zero);
        });
    }

    [Test]
    public async Task CallToolAsync_AfterAHoldAndItsPause_ContinuesCallersOnTheReaderThreadAgain()
    {
        AddTestServer("resumes");
        var manager = CreateManager();
        await manager.CallToolAsync("resumes", "echo", Json("""{"text":"first"}"""), null, CancellationToken.None);
        manager.CallToolAsync("resumes", "echo", Json("""{"text":"held"}"""), null, CancellationToken.None).GetAwaiter().GetResult();

        await Task.Delay(McpConnection.FirstInlinePause + TimeSpan.FromMilliseconds(200));
        var after = await manager.CallToolAsync("resumes", "echo", Json("""{"text":"after"}"""), null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(after.GetText(), Is.EqualTo("after"));
            Assert.That(Thread.CurrentThread.Name, Does.StartWith(ReaderThreadPrefix), "a hold pauses in-place completion; it does not end it");
        });
    }

    [Test]
    public async Task CallToolAsync_CallerHoldsTheReaderThread_OtherCallersOfTheServerAreAnsweredMeanwhile()
    {
        AddTestServer("busy");
        var manager = CreateManager();
        using var release = new ManualResetEventSlim();
        await manager.CallToolAsync("busy", "echo", Json("""{"text":"warm"}"""), null, CancellationToken.None);

        var holder = Task.Run(async () =>
        {
            await manager.CallToolAsync("busy", "echo", Json("""{"text":"holder"}"""), null, CancellationToken.None);

            // Long work before the next await: it runs on whichever thread completed the call.
            release.Wait(TimeSpan.FromSeconds(30));
        });
        await Task.Delay(100);
        var others = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            manager.CallToolAsync("busy", "echo", Json($$"""{"text":"other {{i}}"}"""), null, CancellationToken.None)));
        release.Set();
        await holder;

        Assert.That(others.Select(result => result.GetText()), Is.EqualTo(Enumerable.Range(0, 5).Select(i => $"other {i}")));
    }

    [Test]
    public async Task DisposeAsync_WaitedForSynchronouslyOnTheReaderThread_StopsTheServer()
    {
        AddTestServer("stopper");
        var manager = CreateManager();
        await manager.CallToolAsync("stopper", "echo", Json("""{"text":"last"}"""), null, CancellationToken.None);
        var onReader = Thread.CurrentThread.Name;

        manager.DisposeAsync().AsTask().GetAwaiter().GetResult();

        Assert.Multiple(() =>
        {
            Assert.That(onReader, Does.StartWith(ReaderThreadPrefix));
            Assert.That(ChildProcesses.FindRemaining(), Is.Empty);
        });
    }
}
