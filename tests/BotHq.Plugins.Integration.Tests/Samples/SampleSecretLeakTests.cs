using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>Issue 13, secrets, through the sample CLI as a process: with every log line shown, the hostile server leaks all five
/// kinds of credential value while <c>tools</c> and <c>call</c> run, and neither stdout nor stderr may hold a fragment of one.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class SampleSecretLeakTests
{
    private static readonly Dictionary<string, string> EveryLogLine = new() { ["Logging__LogLevel__Default"] = "Trace" };

    [Test]
    public async Task HostileServer_ToolsAndCalls_PrintNoFragmentOfAnyCredential()
    {
        using var home = new SampleHome();
        home.WritePlugin("hostile", $$"""
            { "name": "hostile", "version": "1.0.0", "description": "Leaks its credentials", "mcp": {{McpTestServer.HostileManifestMcp}}, "credentials": {{TestSecrets.CredentialsManifest}} }
            """);
        await home.SetUpAsync(runtime => runtime.SetCredentialsAsync("hostile", TestSecrets.ByCredentialKey.ToDictionary(pair => pair.Key, pair => (string?)pair.Value)));

        var runs = new List<CliRun>();
        foreach (var arguments in new[] { new[] { "tools", "hostile" }, ["call", "hostile", "fail"], ["call", "hostile", "crash"], ["call", "hostile", "kind", "--json"] })
        {
            runs.Add(await SampleCli.RunWithEnvironmentAsync(home, EveryLogLine, arguments));
        }

        var scanner = new LeakScanner(TestSecrets.All);
        foreach (var run in runs)
        {
            scanner.Scan($"{run.Arguments} stdout", run.Stdout);
            foreach (var line in run.Stderr.Split('\n'))
            {
                scanner.Scan($"{run.Arguments} stderr", line);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => r.ExitCode), Is.All.EqualTo(1), string.Join("\n", runs));

            // Each run printed what the server said, masked: its stderr, its log notifications, its name, its error.
            Assert.That(runs[0].Stderr, Does.Contain("[stderr] whole: ***"));
            Assert.That(runs[0].Stderr, Does.Contain("[server log ***]"));
            Assert.That(runs[0].Stderr, Does.Contain("(hostile ***"));
            Assert.That(runs[1].ErrorLines, Has.Some.StartsWith("error: The MCP server of plugin 'hostile' answered tools/call with error -32000: failed with ***"));
            Assert.That(runs[2].ErrorLines, Has.Some.StartsWith("error: The MCP server of plugin 'hostile' exited with code 3"));
            Assert.That(runs[2].Stderr, Does.Contain(McpTestServer.HostileExitMarker));
            scanner.AssertNoLeak();
        });
    }
}
