using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Issue point 2: both eras, each handshake revision pinned in turn, fallback rules and the per-plugin memory of the era.</summary>
public sealed class McpProtocolRevisionTests : McpTestBase
{
    [Test]
    public async Task CallToolAsync_CSharpSdkServer_AgreesOn20260728WithMetaOnEveryRequest()
    {
        AddTestServer("modern");
        var manager = CreateManager();

        var result = await manager.CallToolAsync("modern", "echo", Json("""{"text":"hello"}"""), null, CancellationToken.None);

        var status = manager.GetStatus("modern");
        var record = Record("modern");
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("hello"));
            Assert.That(status.ProtocolVersion, Is.EqualTo("2026-07-28"));
            Assert.That(status.State, Is.EqualTo(McpServerState.Running));
            Assert.That(status.ServerName, Is.EqualTo("bothq-test-server"));
            Assert.That(status.ServerVersion, Is.EqualTo("1.2.3"));
            Assert.That(status.ProcessId, Is.Not.Null);
            Assert.That(record.Requests("initialize"), Is.Empty);
            var call = record.Requests("tools/call").Single();
            var meta = call.GetProperty("params").GetProperty("_meta");
            Assert.That(meta.GetProperty("io.modelcontextprotocol/protocolVersion").GetString(), Is.EqualTo("2026-07-28"));
            Assert.That(meta.GetProperty("io.modelcontextprotocol/clientInfo").GetProperty("name").GetString(), Is.EqualTo("BotHq.Plugins"));
            Assert.That(meta.TryGetProperty("io.modelcontextprotocol/clientCapabilities", out _), Is.True);
        });
    }

    [TestCase("2024-11-05")]
    [TestCase("2025-03-26")]
    [TestCase("2025-06-18")]
    [TestCase("2025-11-25")]
    public async Task CallToolAsync_HandshakeRevisionPinned_InitializesWithIt(string revision)
    {
        AddTestServer("pinned");
        var manager = CreateManager(options => options.ProtocolVersion = revision);

        var result = await manager.CallToolAsync("pinned", "echo", Json("""{"text":"pinned"}"""), null, CancellationToken.None);

        var record = Record("pinned");
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("pinned"));
            Assert.That(manager.GetStatus("pinned").ProtocolVersion, Is.EqualTo(revision));
            Assert.That(record.Requests("server/discover"), Is.Empty);
            Assert.That(record.Requests("initialize").Single().GetProperty("params").GetProperty("protocolVersion").GetString(), Is.EqualTo(revision));
            Assert.That(record.Requests("notifications/initialized"), Has.Count.EqualTo(1));
            var meta = record.Requests("tools/call").Single().GetProperty("params").GetProperty("_meta");
            Assert.That(meta.EnumerateObject().Select(member => member.Name), Is.EqualTo(new[] { "progressToken" }), "no per-request revision members on a handshake revision");
        });
    }

    [Test]
    public async Task CallToolAsync_20260728Pinned_DiscoversWithoutHandshake()
    {
        AddTestServer("pinned-modern");
        var manager = CreateManager(options => options.ProtocolVersion = "2026-07-28");

        await manager.CallToolAsync("pinned-modern", "echo", Json("""{"text":"x"}"""), null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(manager.GetStatus("pinned-modern").ProtocolVersion, Is.EqualTo("2026-07-28"));
            Assert.That(Record("pinned-modern").Requests("initialize"), Is.Empty);
        });
    }

    [Test]
    public async Task CallToolAsync_ServerAnswersUnsupportedVersion_FallsBackToAVersionItLists()
    {
        // The SDK server pinned to 2025-11-25 answers server/discover with -32022 and data.supported = ["2025-11-25"].
        AddTestServer("legacy", ["--protocol", "2025-11-25"]);
        var manager = CreateManager();

        var result = await manager.CallToolAsync("legacy", "echo", Json("""{"text":"old"}"""), null, CancellationToken.None);

        var record = Record("legacy");
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("old"));
            Assert.That(manager.GetStatus("legacy").ProtocolVersion, Is.EqualTo("2025-11-25"));
            Assert.That(record.Requests("server/discover"), Has.Count.EqualTo(1));
            Assert.That(record.Requests("initialize").Single().GetProperty("params").GetProperty("protocolVersion").GetString(), Is.EqualTo("2025-11-25"));
        });
    }

    [Test]
    public async Task CallToolAsync_SecondStartOfAHandshakeServer_SkipsTheProbe()
    {
        AddTestServer("remembered", ["--protocol", "2025-11-25"]);
        var manager = CreateManager();
        await manager.CallToolAsync("remembered", "echo", Json("""{"text":"1"}"""), null, CancellationToken.None);

        await manager.StopAsync("remembered");
        await manager.CallToolAsync("remembered", "echo", Json("""{"text":"2"}"""), null, CancellationToken.None);

        var record = Record("remembered");
        Assert.Multiple(() =>
        {
            Assert.That(record.Starts, Is.EqualTo(2));
            Assert.That(record.Requests("server/discover"), Has.Count.EqualTo(1), "the second start goes straight to initialize");
            Assert.That(record.Requests("initialize"), Has.Count.EqualTo(2));
            Assert.That(manager.GetStatus("remembered").ProtocolVersion, Is.EqualTo("2025-11-25"));
        });
    }

    [Test]
    public async Task CallToolAsync_FirstStart_AnswersWhileTheEraIsStillBeingStored_AndTheStopKeepsIt()
    {
        Launches.Add(AddTestServer("stored", ["--protocol", "2025-11-25"]) with { PluginVersion = "1.0.0" });
        var eras = new HeldEraStore();
        var manager = CreateManager(eras: eras);

        // The store holds the write until the test lets it go: a start that waited for it would never answer.
        McpToolResult first;
        string writing;
        try
        {
            first = await manager.CallToolAsync("stored", "echo", Json("""{"text":"1"}"""), null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
            writing = await eras.Writing.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            eras.Release.TrySetResult();
            throw;
        }

        var stopping = manager.StopAsync("stored");
        eras.Release.TrySetResult();
        await stopping;
        var keptByTheStop = eras.Stored;
        var second = await manager.CallToolAsync("stored", "echo", Json("""{"text":"2"}"""), null, CancellationToken.None);

        var record = Record("stored");
        Assert.Multiple(() =>
        {
            Assert.That(first.GetText(), Is.EqualTo("1"));
            Assert.That(writing, Is.EqualTo("2025-11-25"), "the era was on its way to the store when the first result came back");
            Assert.That(keptByTheStop, Is.EqualTo("2025-11-25"), "the stop waits for the write");
            Assert.That(second.GetText(), Is.EqualTo("2"));
            Assert.That(record.Requests("server/discover"), Has.Count.EqualTo(1), "the second start read the stored era and skipped the probe");
            Assert.That(record.Requests("initialize"), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task CallToolAsync_ServerIgnoresTheProbe_FallsBackAfterProbeTimeout()
    {
        AddTestServer("silent", ["--ignore-discover"]);
        var manager = CreateManager(options => options.ProbeTimeout = TimeSpan.FromMilliseconds(300));

        var result = await manager.CallToolAsync("silent", "echo", Json("""{"text":"late"}"""), null, CancellationToken.None);

        var record = Record("silent");
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("late"));
            Assert.That(manager.GetStatus("silent").ProtocolVersion, Is.EqualTo("2025-11-25"));
            Assert.That(record.Requests("initialize"), Has.Count.EqualTo(1));
            Assert.That(record.Requests("notifications/cancelled"), Is.Empty, "a legacy server is not told about a probe it never understood");
        });
    }

    [Test]
    public async Task CallToolAsync_ServerExitsOnTheProbe_StartsAgainForInitializeWithoutCountingACrash()
    {
        AddTestServer("fragile", ["--exit-on-discover"]);
        var manager = CreateManager();

        var result = await manager.CallToolAsync("fragile", "echo", Json("""{"text":"again"}"""), null, CancellationToken.None);

        var status = manager.GetStatus("fragile");
        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("again"));
            Assert.That(Record("fragile").Starts, Is.EqualTo(2));
            Assert.That(status.ProtocolVersion, Is.EqualTo("2025-11-25"));
            Assert.That(status.RestartCount, Is.Zero);
            Assert.That(status.LastError, Is.Null);
            Assert.That(status.State, Is.EqualTo(McpServerState.Running));
        });
    }

    [Test]
    public void CallToolAsync_PinnedRevisionTheServerDoesNotSpeak_FailsNamingBothSides()
    {
        AddTestServer("mismatch", ["--protocol", "2025-11-25"]);
        var manager = CreateManager(options => options.ProtocolVersion = "2026-07-28");

        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("mismatch", "echo", Json("""{"text":"x"}"""), null, CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("2026-07-28").And.Contain("2025-11-25").And.Contain("mismatch"));
    }

    [Test]
    public void CallToolAsync_PinnedRevisionUnknownToTheClient_FailsListingTheSupportedOnes()
    {
        AddTestServer("unknown-revision");
        var manager = CreateManager(options => options.ProtocolVersion = "1999-01-01");

        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("unknown-revision", "echo", Json("""{"text":"x"}"""), null, CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("1999-01-01").And.Contain("2024-11-05").And.Contain("2026-07-28"));
    }

    [Test]
    public void CallToolAsync_ResultAskingForMoreInput_FailsClearly()
    {
        AddTestServer("mrtr");
        var manager = CreateManager();

        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("mrtr", "input_required", null, null, CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("input_required").And.Contain("does not support"));
    }

    /// <summary>An era store whose first write waits until the test releases it, as a busy database would.</summary>
    private sealed class HeldEraStore : IMcpEraStore
    {
        private volatile string? _stored;

        public TaskCompletionSource<string> Writing { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string? Stored => _stored;

        public ValueTask<string?> GetAsync(string pluginName, string pluginVersion, CancellationToken cancellationToken) => ValueTask.FromResult(_stored);

        public async ValueTask SetAsync(string pluginName, string pluginVersion, string protocolVersion, CancellationToken cancellationToken)
        {
            Writing.TrySetResult(protocolVersion);
            await Release.Task.WaitAsync(cancellationToken);
            _stored = protocolVersion;
        }
    }
}
