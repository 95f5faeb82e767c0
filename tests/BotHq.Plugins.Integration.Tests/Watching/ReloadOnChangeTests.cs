using BotHq.Plugins.Mcp;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Watching;

/// <summary>Reload on change with real code: a rebuilt extension assembly at the same path and a changed server entry are picked
/// up by the watcher; old load contexts are collected. Each effect is awaited (polled up to 10 s), never a fixed sleep.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ReloadOnChangeTests
{
    private const string Plugin = "rebuilt";
    private const string Manifest = $$"""{"name":"{{Plugin}}","version":"1.0.0","extensions":"{{TestExtensionBuilds.RebuiltAssembly}}.dll"}""";

    [TearDown]
    public Task TearDown() => ChildProcesses.AssertNoneRemainAsync();

    [Test]
    public async Task WatchForChanges_ExtensionRebuiltAtTheSamePath_NewCodeRunsAndTheFileIsNotHeld()
    {
        await using var harness = new RuntimeHarness(Watch);
        var folder = harness.WritePlugin(Plugin, Manifest);
        TestExtensionBuilds.CopyTo(TestExtensionBuilds.RebuiltV1, folder);
        var runtime = await harness.StartAsync();
        Assert.That(await AgentStartAsync(runtime), Does.Contain("rebuilt build 1"));
        var assembly = Path.Combine(folder, TestExtensionBuilds.RebuiltAssembly + ".dll");
        Assert.That(OpenedOrMapped(assembly), Is.Empty, "the loaded extension's file is neither open nor mapped, so a build can overwrite it");

        TestExtensionBuilds.CopyTo(TestExtensionBuilds.RebuiltV2, folder);

        await RuntimeWait.UntilAsync(async () => (await AgentStartAsync(runtime)).Contains("rebuilt build 2", StringComparison.Ordinal), "the rebuilt extension runs");
        Assert.That(runtime.GetPlugin(Plugin).State, Is.EqualTo(PluginState.Enabled));
    }

    [Test]
    public async Task WatchForChanges_TwentyRebuilds_EveryOldLoadContextCollected()
    {
        await using var harness = new RuntimeHarness(Watch);
        var folder = harness.WritePlugin(Plugin, Manifest);
        TestExtensionBuilds.CopyTo(TestExtensionBuilds.RebuiltV1, folder);
        var runtime = await harness.StartAsync();
        var old = new List<WeakReference>();

        for (var i = 0; i < 20; i++)
        {
            await AgentStartAsync(runtime);
            old.Add(runtime.ExtensionHost.LoadContextOf(Plugin) ?? throw new AssertionException("the extension is not loaded"));
            var next = i % 2 == 0 ? 2 : 1;
            TestExtensionBuilds.CopyTo(next == 2 ? TestExtensionBuilds.RebuiltV2 : TestExtensionBuilds.RebuiltV1, folder);
            await RuntimeWait.UntilAsync(async () => (await AgentStartAsync(runtime)).Contains($"rebuilt build {next}", StringComparison.Ordinal), $"rebuild {i + 1} runs");
        }

        var alive = 0;
        foreach (var reference in old)
        {
            alive += await ExtensionTestBed.IsCollectedAsync(reference) ? 0 : 1;
        }

        Assert.That(alive, Is.Zero, "load contexts of earlier builds were not collected");
    }

    [Test]
    public async Task WatchForChanges_BrokenRebuild_ProblemListedOthersUntouchedThenFixed()
    {
        await using var harness = new RuntimeHarness(Watch);
        var folder = harness.WritePlugin(Plugin, Manifest);
        TestExtensionBuilds.CopyTo(TestExtensionBuilds.RebuiltV1, folder);
        harness.WriteSimplePlugin("other");
        var runtime = await harness.StartAsync();
        await AgentStartAsync(runtime);
        var assembly = Path.Combine(folder, TestExtensionBuilds.RebuiltAssembly + ".dll");

        File.WriteAllText(assembly, "a build that stopped half-way");

        await RuntimeWait.UntilAsync(() => runtime.GetPlugin(Plugin).Problems.Any(p => p.Message.Contains("is not a .NET assembly", StringComparison.Ordinal)), "the broken assembly is listed as a problem");
        Assert.That(runtime.GetPlugin("other").State, Is.EqualTo(PluginState.Enabled));

        TestExtensionBuilds.CopyTo(TestExtensionBuilds.RebuiltV2, folder);
        await RuntimeWait.UntilAsync(async () => (await AgentStartAsync(runtime)).Contains("rebuilt build 2", StringComparison.Ordinal), "the fixed build runs");
        Assert.That(runtime.GetPlugin(Plugin).Problems, Is.Empty);
    }

    [Test]
    public async Task WatchForChanges_ServerEntryChanged_RunningServerRestartsWithTheNewCode()
    {
        await using var harness = new RuntimeHarness(Watch);
        var folder = harness.WritePlugin("served", """{"name":"served","version":"1.0.0","mcp":{"entry":"server.js"}}""");
        File.WriteAllText(Path.Combine(folder, "server.js"), NodeServer("first"));
        var runtime = await harness.StartAsync();
        Assert.That((await runtime.ListToolsAsync("served")).Select(t => t.Name), Is.EqualTo(new[] { "first" }));
        var pid = runtime.GetMcpStatus("served").ProcessId;

        File.WriteAllText(Path.Combine(folder, "server.js"), NodeServer("second"));

        await RuntimeWait.UntilAsync(() => runtime.GetMcpStatus("served") is { State: McpServerState.Running } s && s.ProcessId != pid, "the server starts again without a call");
        Assert.That((await runtime.ListToolsAsync("served")).Select(t => t.Name), Is.EqualTo(new[] { "second" }));
        Assert.That(ChildProcesses.IsAlive(pid!.Value), Is.False, "the old server was stopped");
    }

    [Test]
    public async Task WatchForChanges_ServerEntryBroken_ProblemListedOthersUntouched()
    {
        await using var harness = new RuntimeHarness(o =>
        {
            Watch(o);
            o.Mcp.MaxRestarts = 0;
        });
        var folder = harness.WritePlugin("served", """{"name":"served","version":"1.0.0","mcp":{"entry":"server.js"}}""");
        File.WriteAllText(Path.Combine(folder, "server.js"), NodeServer("first"));
        harness.WriteSimplePlugin("other");
        var runtime = await harness.StartAsync();
        await runtime.ListToolsAsync("served");
        var reloaded = new System.Collections.Concurrent.ConcurrentQueue<PluginReloadedEventArgs>();
        runtime.PluginReloaded += (_, e) => reloaded.Enqueue(e);

        File.WriteAllText(Path.Combine(folder, "server.js"), "process.stderr.write('syntax is fine, the server is not\\n'); process.exit(3);\n");

        await RuntimeWait.UntilAsync(() => !reloaded.IsEmpty, "the change is reported");
        var report = reloaded.Single();
        Assert.Multiple(() =>
        {
            Assert.That(report.Name, Is.EqualTo("served"));
            Assert.That(report.Changes, Is.EqualTo(new[] { "server.js" }));
            Assert.That(report.Problems, Is.Not.Empty, "the failed restart is reported");
            Assert.That(runtime.GetPlugin("served").Problems, Is.Not.Empty, "the failed restart is listed");
            Assert.That(runtime.GetPlugin("other").State, Is.EqualTo(PluginState.Enabled));
        });
    }

    private static void Watch(PluginRuntimeOptions options)
    {
        options.WatchForChanges = true;
        options.WatchDebounce = TimeSpan.FromMilliseconds(200);
    }

    private static async Task<string> AgentStartAsync(PluginRuntime runtime) =>
        await runtime.Hooks.GetAgentStartContextAsync(
            new AgentHookData { SessionId = "s-1", WorkspaceId = "w-1", TaskId = "t-1", Status = "running" },
            new TaskHookData { Id = "t-1", WorkspaceId = "w-1", Title = "T", Description = "", State = "open" });

    /// <summary>The entries of /proc/self/fd and /proc/self/maps that name a file.</summary>
    private static List<string> OpenedOrMapped(string path)
    {
        var found = new List<string>();
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget == path)
                {
                    found.Add(fd);
                }
            }
            catch (IOException)
            {
                // The descriptor closed while listed.
            }
        }

        found.AddRange(File.ReadLines("/proc/self/maps").Where(l => l.EndsWith(path, StringComparison.Ordinal)));
        return found;
    }

    /// <summary>A minimal stdio MCP server in Node (no packages) offering one tool with the given name.</summary>
    private static string NodeServer(string tool) => $$"""
        const readline = require('readline');
        const rl = readline.createInterface({ input: process.stdin });
        const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
        rl.on('line', (line) => {
          const m = JSON.parse(line);
          if (m.id === undefined) return;
          if (m.method === 'initialize') {
            send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'reload-test', version: '1.0.0' } } });
          } else if (m.method === 'tools/list') {
            send({ jsonrpc: '2.0', id: m.id, result: { tools: [{ name: '{{tool}}', inputSchema: { type: 'object' } }] } });
          } else {
            send({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'no such method' } });
          }
        });
        """;
}
