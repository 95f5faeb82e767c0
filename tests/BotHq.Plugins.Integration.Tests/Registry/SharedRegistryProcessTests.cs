using System.Globalization;
using System.Text.Json;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.Storage;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Registry;

/// <summary>Issue 14 item 5 across real processes: instance A (this process) and instance B (a worker process with its own plugins
/// folder) on one database. A change made on A stops B's MCP server, seen in B's process table; waits up to 10 s, never a time.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class SharedRegistryProcessTests(TestBackend backend)
{
    private RuntimeHarness _harness = null!;
    private WorkerProcess? _instanceB;
    private string _stopFile = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = await RuntimeHarness.CreateAsync(backend, options => options.ChangePollInterval = TimeSpan.FromMilliseconds(100));
        _stopFile = _harness.Root.Combine("stop-b");
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_instanceB is { } instanceB)
        {
            await File.WriteAllTextAsync(_stopFile, "");
            if (!instanceB.HasExited)
            {
                await instanceB.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
        }

        _instanceB?.Dispose();

        await _harness.DisposeAsync();
        await ChildProcesses.AssertNoneRemainAsync();
    }

    [Test]
    public async Task SetEnabledAsync_DisabledOnInstanceA_ServerOfInstanceBProcessStops()
    {
        var manifest = $$"""
            {
              "name": "alpha",
              "version": "1.0.0",
              "mcp": { "command": "dotnet", "args": [{{JsonSerializer.Serialize(McpTestServer.DllPath)}}] }
            }
            """;
        _harness.WritePlugin("alpha", manifest);
        var a = await _harness.StartAsync();
        var optionsB = _harness.InstanceOptions("b");
        Directory.CreateDirectory(Path.Combine(optionsB.PluginsDirectory, "alpha"));
        await File.WriteAllTextAsync(Path.Combine(optionsB.PluginsDirectory, "alpha", "plugin.json"), manifest);

        _instanceB = WorkerProcess.Start(
            "host",
            backend == TestBackend.Sqlite ? "sqlite" : "postgresql",
            backend == TestBackend.Sqlite ? _harness.Options.DatabasePath : _harness.Database.ConnectionString!,
            _harness.Database.Schema ?? "-",
            optionsB.PluginsDirectory,
            optionsB.KeyDirectory,
            optionsB.KeyEncryptionKey ?? "-",
            "alpha",
            _stopFile);
        await _instanceB.WaitReadyAsync();
        var server = int.Parse(_instanceB.Output.Single(line => line.StartsWith("server ", StringComparison.Ordinal))["server ".Length..], CultureInfo.InvariantCulture);
        Assert.That(ChildProcesses.ChildrenOf(_instanceB.Id), Does.Contain(server), "B started alpha's server as its child");

        await a.SetEnabledAsync("alpha", enabled: false);

        await RuntimeWait.UntilAsync(() => !ChildProcesses.IsAlive(server), "B's server of alpha stopped after A disabled alpha");
        Assert.That(ChildProcesses.ChildrenOf(_instanceB.Id), Does.Not.Contain(server));
        Assert.That(_instanceB.HasExited, Is.False, "B keeps running");
    }
}
