using System.Text;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>The set-up of the endpoint fixtures that test against the full plugin (<see cref="WebPlugins.WriteFull"/>): a fresh
/// harness for each test, and afterwards no child process of ours may remain.</summary>
public abstract class FullPluginFixture
{
    private protected RuntimeHarness Harness { get; set; } = null!;

    [SetUp]
    public void WriteFullPlugin()
    {
        Harness = new RuntimeHarness();
        WebPlugins.WriteFull(Harness);
    }

    [TearDown]
    public async Task DisposeAndCheckProcessTableAsync()
    {
        await Harness.DisposeAsync();
        await ChildProcesses.AssertNoneRemainAsync();
    }

    /// <summary>Starts the web host with the full plugin's required credential set, so that its MCP server can start.</summary>
    private protected async Task<PluginWebHost> StartWithTokenAsync(PluginWebHost.Setup? setup = null)
    {
        var host = await PluginWebHost.StartAsync(Harness, setup);
        await host.Runtime.SetCredentialsAsync("full", new Dictionary<string, string?> { ["GITHUB_TOKEN"] = WebPlugins.Token });
        return host;
    }

    private protected static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
