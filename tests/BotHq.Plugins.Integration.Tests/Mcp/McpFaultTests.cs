using System.Globalization;
using BotHq.Plugins.Integration.Tests.TestSupport;
using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Issue points 5 and 6: timeouts and cancellation, crashes and restarts with backoff, failed state, start failures, and status.</summary>
public sealed class McpFaultTests : McpTestBase
{
    [Test]
    public async Task CallToolAsync_Timeout_FailsTheCallAndTellsTheServer()
    {
        AddTestServer("slow");
        var manager = CreateManager();

        var ex = Assert.ThrowsAsync<McpTimeoutException>(() => manager.CallToolAsync("slow", "hang", null, TimeSpan.FromMilliseconds(300), CancellationToken.None));

        var record = Record("slow");
        var hang = record.Requests("tools/call").Single();
        var seen = await record.WaitForAsync(r => r.Events("hang-cancelled").Count == 1);
        var after = await manager.CallToolAsync("slow", "echo", Json("""{"text":"after"}"""), null, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Method, Is.EqualTo("tools/call"));
            Assert.That(ex.Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(300)));
            Assert.That(seen, Is.True, "the server's tool saw its cancellation");
            Assert.That(record.Events("cancelled").Single(), Is.EqualTo($"#cancelled {hang.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)}"));
            Assert.That(after.GetText(), Is.EqualTo("after"));
        });
    }

    [Test]
    public async Task CallToolAsync_DefaultCallTimeout_AppliesWhenTheCallGivesNone()
    {
        // On fake time the 300 ms cannot run out during the server's start or the tool list, however slow the machine: only
        // the advance below, once the server holds the call, moves the clock.
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        AddTestServer("default-timeout");
        var manager = CreateManager(options => options.CallTimeout = TimeSpan.FromMilliseconds(300), time);

        var call = manager.CallToolAsync("default-timeout", "hang", null, null, CancellationToken.None);
        Assert.That(await Record("default-timeout").WaitForAsync(r => r.Events("call hang").Count == 1), Is.True, "the server received the call");
        time.Advance(TimeSpan.FromMilliseconds(300));

        var ex = Assert.ThrowsAsync<McpTimeoutException>(() => call);
        Assert.That(ex!.Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(300)));
    }

    [Test]
    public async Task CallToolAsync_ShorterTimeoutAfterALongerOne_EachFailsAtItsOwnDeadline()
    {
        // The sweep is one timer due at the earliest deadline: a later call with an earlier deadline must bring it forward.
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        AddTestServer("two-deadlines");
        var manager = CreateManager(configure: null, time);
        var record = Record("two-deadlines");

        var longer = manager.CallToolAsync("two-deadlines", "hang", null, TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.That(await record.WaitForAsync(r => r.Events("call hang").Count == 1), Is.True, "the server received the first call");
        var shorter = manager.CallToolAsync("two-deadlines", "hang", null, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.That(await record.WaitForAsync(r => r.Events("call hang").Count == 2), Is.True, "the server received the second call");

        time.Advance(TimeSpan.FromSeconds(1));
        var shortFailure = Assert.ThrowsAsync<McpTimeoutException>(() => shorter);
        var longerWaitsOn = !longer.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(59));
        var longFailure = Assert.ThrowsAsync<McpTimeoutException>(() => longer);

        Assert.Multiple(() =>
        {
            Assert.That(shortFailure!.Timeout, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(longerWaitsOn, Is.True, "the 60 s call still waited once the 1 s one timed out");
            Assert.That(longFailure!.Timeout, Is.EqualTo(TimeSpan.FromSeconds(60)));
        });
    }

    [Test]
    public async Task CallToolAsync_CallerCancels_FailsTheCallAndTellsTheServer()
    {
        AddTestServer("cancelled");
        var manager = CreateManager();
        await manager.CallToolAsync("cancelled", "echo", Json("""{"text":"warm"}"""), null, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        var call = manager.CallToolAsync("cancelled", "hang", null, null, cancellation.Token);
        var record = Record("cancelled");
        await record.WaitForAsync(r => r.Events("call hang").Count == 1);
        await cancellation.CancelAsync();

        Assert.ThrowsAsync<TaskCanceledException>(() => call);
        Assert.That(await record.WaitForAsync(r => r.Events("hang-cancelled").Count == 1), Is.True);
    }

    [Test]
    public async Task ServerCrash_FailsEveryPendingCallAtOnce_ThenTheNextCallRestartsIt()
    {
        AddTestServer("crashing");
        var manager = CreateManager();
        var firstPid = (await manager.CallToolAsync("crashing", "pid", null, null, CancellationToken.None)).GetText();

        var pending = new[]
        {
            manager.CallToolAsync("crashing", "hang", null, null, CancellationToken.None),
            manager.CallToolAsync("crashing", "slow", Json("""{"ms":60000}"""), null, CancellationToken.None),
        };
        await Record("crashing").WaitForAsync(r => r.Events("call").Count >= 3);
        var crash = manager.CallToolAsync("crashing", "crash", Json("""{"code":3}"""), null, CancellationToken.None);

        var failures = new List<McpServerException>();
        foreach (var call in pending.Append(crash))
        {
            failures.Add(Assert.ThrowsAsync<McpServerException>(() => call)!);
        }

        var crashed = manager.GetStatus("crashing");
        var secondPid = (await manager.CallToolAsync("crashing", "pid", null, null, CancellationToken.None)).GetText();
        var restarted = manager.GetStatus("crashing");
        Assert.Multiple(() =>
        {
            Assert.That(failures.Select(failure => failure.ExitCode), Is.All.EqualTo(3));
            Assert.That(failures[0].LastStderrLines, Does.Contain("the server crashes on purpose"));
            Assert.That(failures[0].Message, Does.Contain("exited with code 3").And.Contain("the server crashes on purpose"));
            Assert.That(crashed.State, Is.EqualTo(McpServerState.Crashed));
            Assert.That(crashed.LastError, Does.Contain("exited with code 3"));
            Assert.That(secondPid, Is.Not.EqualTo(firstPid));
            Assert.That(restarted.State, Is.EqualTo(McpServerState.Running));
            Assert.That(restarted.RestartCount, Is.EqualTo(1));
            Assert.That(restarted.ProcessId?.ToString(CultureInfo.InvariantCulture), Is.EqualTo(secondPid));
        });
    }

    [Test]
    public void Crash_RestartDelaysBeyondWhatATimerTakes_RecordsTheCrashAndFailsTheCall()
    {
        AddTestServer("patient");
        var manager = CreateManager(options =>
        {
            options.RestartDelay = TimeSpan.FromDays(3650);
            options.MaxRestartDelay = TimeSpan.MaxValue;
        });

        var crash = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("patient", "crash", null, null, CancellationToken.None));
        var status = manager.GetStatus("patient");

        Assert.Multiple(() =>
        {
            Assert.That(crash!.Message, Does.Contain("exited"));
            Assert.That(status.State, Is.EqualTo(McpServerState.Crashed));
            Assert.That(LogsOf("patient").Any(record => record.Message.Contains("crashed (1 crash(es)", StringComparison.Ordinal)), Is.True);
        });
    }

    [Test]
    public async Task Restart_WaitsForTheBackoffDelay_AndMarksFailedAfterMaxRestarts()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        AddTestServer("backoff");
        var manager = CreateManager(
            options =>
            {
                options.RestartDelay = TimeSpan.FromSeconds(10);
                options.MaxRestartDelay = TimeSpan.FromSeconds(15);
                options.MaxRestarts = 3;
                options.RestartWindow = TimeSpan.FromMinutes(1);
            },
            time);

        // Crash 1: the next call waits 10 s of (fake) time before restarting.
        Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("backoff", "crash", null, null, CancellationToken.None));
        var waiting = manager.CallToolAsync("backoff", "crash", null, null, CancellationToken.None);

        // The call logs this as it parks on the backoff timer; only the fake clock can release it.
        await FakeLogWait.ForLineAsync(Logs.Collector, "plugin 'backoff' in 00:00:10 (restart 1)");
        Assert.That(waiting.IsCompleted, Is.False, "no restart before the delay");
        Assert.That(manager.GetStatus("backoff").State, Is.EqualTo(McpServerState.Crashed));
        time.Advance(TimeSpan.FromSeconds(10));

        // Crash 2 (that call crashed the restarted server): the delay doubles, capped at 15 s.
        Assert.ThrowsAsync<McpServerException>(() => waiting);
        var third = manager.CallToolAsync("backoff", "crash", null, null, CancellationToken.None);
        await FakeLogWait.ForLineAsync(Logs.Collector, "plugin 'backoff' in 00:00:15 (restart 2)");
        time.Advance(TimeSpan.FromSeconds(14));
        Assert.That(third.IsCompleted, Is.False, "the second delay is longer than the first");
        time.Advance(TimeSpan.FromSeconds(1));

        // Crash 3 = MaxRestarts within the window: failed, and calls fail fast.
        Assert.ThrowsAsync<McpServerException>(() => third);
        var failed = Assert.ThrowsAsync<PluginUnavailableException>(() => manager.CallToolAsync("backoff", "echo", Json("""{"text":"x"}"""), null, CancellationToken.None));
        var status = manager.GetStatus("backoff");
        Assert.Multiple(() =>
        {
            Assert.That(failed!.State, Is.EqualTo("failed"));
            Assert.That(failed.Message, Does.Contain("backoff").And.Contain("reset"));
            Assert.That(status.State, Is.EqualTo(McpServerState.Failed));
            Assert.That(status.RestartCount, Is.EqualTo(2));
            Assert.That(Record("backoff").Starts, Is.EqualTo(3));
        });

        await manager.ResetAsync("backoff");
        var result = await manager.CallToolAsync("backoff", "echo", Json("""{"text":"reset"}"""), null, CancellationToken.None);
        Assert.That(result.GetText(), Is.EqualTo("reset"));
    }

    [Test]
    public void ServerExitingAtStart_FailsWithExitCodeAndStderr()
    {
        AddTestServer("exits", ["--exit-at-start", "4"]);
        var manager = CreateManager();

        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("exits", "echo", Json("""{"text":"x"}"""), null, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.ExitCode, Is.EqualTo(4));
            Assert.That(ex.Message, Does.Contain("exiting at start with code 4").And.Contain("exits"));
            Assert.That(manager.GetStatus("exits").State, Is.EqualTo(McpServerState.Crashed));
        });
    }

    [Test]
    public void ServerThatNeverCompletesTheHandshake_FailsWithinStartTimeout()
    {
        Launches.Add(new McpServerLaunch("mute", PluginDirectory("mute"), new PluginMcpManifest { Command = "sleep", Args = ["30"] }, new Dictionary<string, string>()));
        var manager = CreateManager(options =>
        {
            options.ProbeTimeout = TimeSpan.FromMilliseconds(200);
            options.StartTimeout = TimeSpan.FromSeconds(1);
        });

        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("mute", "echo", null, null, CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("did not complete the protocol handshake within PluginMcpOptions.StartTimeout").And.Contain("sleep 30"));
    }

    [Test]
    public void MissingExecutable_FailsNamingTheCommandAndThePlugin()
    {
        Launches.Add(new McpServerLaunch("nowhere", PluginDirectory("nowhere"), new PluginMcpManifest { Command = "bothq-no-such-program" }, new Dictionary<string, string>()));
        var manager = CreateManager();

        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("nowhere", "echo", null, null, CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("'bothq-no-such-program'").And.Contain("'nowhere'").And.Contain("not found"));
    }

    [Test]
    public void DisabledPlugin_IsNeverStarted()
    {
        Launches.Refuse("disabled", new PluginUnavailableException("disabled", "disabled", "Plugin 'disabled' is disabled."));
        var manager = CreateManager();

        Assert.ThrowsAsync<PluginUnavailableException>(() => manager.CallToolAsync("disabled", "echo", null, null, CancellationToken.None));

        Assert.That(manager.GetStatus("disabled").State, Is.EqualTo(McpServerState.NotStarted));
    }

    [Test]
    public async Task StopAsync_FailsPendingCallsAndStopsTheServer_TheNextCallStartsItAgain()
    {
        AddTestServer("stopping");
        var manager = CreateManager();
        var pid = int.Parse((await manager.CallToolAsync("stopping", "pid", null, null, CancellationToken.None)).GetText(), CultureInfo.InvariantCulture);
        var pending = manager.CallToolAsync("stopping", "hang", null, null, CancellationToken.None);
        await Record("stopping").WaitForAsync(r => r.Events("call hang").Count == 1);

        await manager.StopAsync("stopping");

        var ex = Assert.ThrowsAsync<McpServerException>(() => pending);
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Message, Does.Contain("was stopped"));
            Assert.That(ChildProcesses.IsAlive(pid), Is.False);
            Assert.That(manager.GetStatus("stopping").State, Is.EqualTo(McpServerState.NotStarted));
        });
        var again = await manager.CallToolAsync("stopping", "echo", Json("""{"text":"again"}"""), null, CancellationToken.None);
        Assert.That(again.GetText(), Is.EqualTo("again"));
    }

    [Test]
    public async Task StopAsync_ReachesTheServersOwnChildren()
    {
        AddTestServer("parent");
        var manager = CreateManager();
        var grandchild = int.Parse((await manager.CallToolAsync("parent", "spawn_child", null, null, CancellationToken.None)).GetText(), CultureInfo.InvariantCulture);
        Assert.That(ChildProcesses.IsAlive(grandchild), Is.True);

        await manager.StopAsync("parent");

        Assert.That(ChildProcesses.IsAlive(grandchild), Is.False);
    }

    [Test]
    public async Task ServerCrash_ReachesTheServersOwnChildren()
    {
        AddTestServer("crash-parent");
        var manager = CreateManager();
        var grandchild = int.Parse((await manager.CallToolAsync("crash-parent", "spawn_child", null, null, CancellationToken.None)).GetText(), CultureInfo.InvariantCulture);

        Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("crash-parent", "crash", null, null, CancellationToken.None));

        var gone = false;
        for (var attempt = 0; attempt < 50 && !gone; attempt++)
        {
            gone = !ChildProcesses.IsAlive(grandchild);
            await Task.Delay(100);
        }

        Assert.That(gone, Is.True);
    }

    [Test]
    public async Task DisposeAsync_StopsEveryServer()
    {
        AddTestServer("one");
        AddTestServer("two");
        var manager = CreateManager();
        await manager.CallToolAsync("one", "echo", Json("""{"text":"1"}"""), null, CancellationToken.None);
        await manager.CallToolAsync("two", "echo", Json("""{"text":"2"}"""), null, CancellationToken.None);
        var pids = new[] { manager.GetStatus("one").ProcessId!.Value, manager.GetStatus("two").ProcessId!.Value };

        await manager.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(pids.Select(ChildProcesses.IsAlive), Is.All.False);
            Assert.That(Record("one").Events("stdin-closed"), Has.Count.EqualTo(1), "stopped gracefully, by closing stdin");
        });
    }

    [Test]
    public void GetStatus_PluginNeverUsed_IsNotStarted()
    {
        var manager = CreateManager();

        var status = manager.GetStatus("unused");

        Assert.That(status, Is.EqualTo(new McpServerStatus { PluginName = "unused", State = McpServerState.NotStarted, ProtocolVersion = null, RestartCount = 0, LastError = null, ProcessId = null, ServerName = null, ServerVersion = null }));
    }
}
