using System.Text.Json;
using BotHq.Plugins.AI.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Moq;

namespace BotHq.Plugins.AI.Tests;

/// <summary>What the catalog lists, when it lists again, and which tools need approval.</summary>
public sealed class PluginToolCatalogTests
{
    private ToolBed _bed = null!;

    [SetUp]
    public void SetUp() => _bed = new ToolBed();

    [TearDown]
    public async Task TearDown()
    {
        await _bed.DisposeAsync();
        await ServerProcesses.AssertNoneRemainAsync();
    }

    [Test]
    public async Task GetToolsAsync_EnabledPluginsWithServers_InPluginOrder_OnlyAllowedTools()
    {
        _bed.WriteTestServerPlugin("beta", mcpExtra: """ "tools": ["pid", "echo"] """);
        _bed.WriteTestServerPlugin("alpha");
        _bed.WriteTestServerPlugin("off");
        _bed.Harness.WriteSimplePlugin("no-server");
        await _bed.StartAsync();
        await _bed.Runtime.SetEnabledAsync("off", false);

        var tools = await _bed.Catalog.GetToolsAsync();

        var names = tools.Select(t => t.Name).ToList();
        Assert.That(names.Take(TestToolCount), Is.All.StartsWith("alpha_"));
        Assert.That(names.Skip(TestToolCount), Is.EqualTo(new[] { "beta_echo", "beta_pid" }), "the server's order, filtered by mcp.tools");
        Assert.That(names, Has.None.StartsWith("off_"));
        Assert.That(_bed.Runtime.GetMcpStatus("off").State, Is.EqualTo(Mcp.McpServerState.NotStarted));
    }

    [Test]
    public async Task GetToolsAsync_NothingChanged_ReturnsTheSameObjects_AndListsNoMore()
    {
        _bed.WriteTestServerPlugin("alpha");
        await _bed.StartAsync();

        var first = await _bed.Catalog.GetToolsAsync();
        var second = await _bed.Catalog.GetToolsAsync();

        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public async Task DisableAndEnable_FireTheToken_AndUpdateTheCatalog_NamesStayTheSame()
    {
        _bed.WriteTestServerPlugin("alpha");
        _bed.WriteTestServerPlugin("beta");
        await _bed.StartAsync();
        var before = await _bed.Catalog.GetToolsAsync();
        var token = _bed.Catalog.GetChangeToken();
        var fired = Fired(token);

        await _bed.Runtime.SetEnabledAsync("alpha", false);
        var whileDisabled = await _bed.Catalog.GetToolsAsync();
        await fired;
        await _bed.Runtime.SetEnabledAsync("alpha", true);
        var after = await _bed.Catalog.GetToolsAsync();

        Assert.That(token.HasChanged, Is.True);
        Assert.That(whileDisabled.Select(t => t.Name), Has.None.StartsWith("alpha_"));
        Assert.That(whileDisabled.Select(t => t.Name), Has.Some.StartsWith("beta_"));
        Assert.That(after.Select(t => t.Name), Is.EqualTo(before.Select(t => t.Name)));
        Assert.That(whileDisabled.Where(t => t.Name.StartsWith("beta_", StringComparison.Ordinal)), Is.EqualTo(before.Where(t => t.Name.StartsWith("beta_", StringComparison.Ordinal))),
            "an unchanged plugin keeps its function objects");
    }

    [Test]
    public async Task ServerAnnouncesAToolListChange_FiresTheToken_AndTheCatalogHasTheNewTool()
    {
        _bed.WriteTestServerPlugin("alpha");
        await _bed.StartAsync();
        var tools = await _bed.Catalog.GetToolsAsync();
        var fired = Fired(_bed.Catalog.GetChangeToken());

        await tools.Single(t => t.Name == "alpha_add_tool").InvokeAsync();
        await fired;
        var after = await _bed.Catalog.GetToolsAsync();

        Assert.That(tools.Select(t => t.Name), Does.Not.Contain("alpha_added"));
        Assert.That(after.Select(t => t.Name), Does.Contain("alpha_added"));
        Assert.That(await after.Single(t => t.Name == "alpha_added").InvokeAsync() is IList<AIContent> result && result.OfType<TextContent>().Single().Text == "added!");
    }

    [Test]
    public async Task UninstallAndReload_UpdateTheCatalog()
    {
        _bed.WriteTestServerPlugin("alpha");
        _bed.WriteTestServerPlugin("beta");
        await _bed.StartAsync();
        await _bed.Catalog.GetToolsAsync();

        await _bed.Runtime.UninstallAsync("beta");
        Directory.Delete(_bed.Harness.PluginDirectory("beta"), recursive: true);
        var afterUninstall = await _bed.Catalog.GetToolsAsync();
        _bed.WriteTestServerPlugin("gamma");
        await _bed.Runtime.ReloadAsync();
        var afterReload = await _bed.Catalog.GetToolsAsync();

        Assert.That(afterUninstall.Select(t => t.Name), Has.None.StartsWith("beta_"));
        Assert.That(afterReload.Select(t => t.Name), Has.Some.StartsWith("gamma_"));
    }

    [Test]
    public async Task Filter_Plugins_ListsOnlyThose_AndStartsNoOtherServer()
    {
        _bed.WriteTestServerPlugin("alpha");
        _bed.WriteTestServerPlugin("beta");
        await _bed.StartAsync();

        var tools = await _bed.Catalog.GetToolsAsync(new PluginToolFilter { Plugins = ["beta", "not-installed"] });

        Assert.That(tools.Select(t => t.Name), Is.All.StartsWith("beta_"));
        Assert.That(tools, Has.Count.EqualTo(TestToolCount));
        Assert.That(_bed.Runtime.GetMcpStatus("alpha").State, Is.EqualTo(Mcp.McpServerState.NotStarted));
    }

    [Test]
    public async Task Filter_Predicate_SeesThePluginToolAndItsAnnotations_AndNamesDoNotChange()
    {
        _bed.WriteTestServerPlugin("alpha");
        await _bed.StartAsync();

        var readOnly = await _bed.Catalog.GetToolsAsync(new PluginToolFilter
        {
            Predicate = f => f.Tool.Annotations is { } a && a.TryGetProperty("readOnlyHint", out var hint) && hint.ValueKind == JsonValueKind.True,
        });
        var all = await _bed.Catalog.GetToolsAsync();

        Assert.That(readOnly.Select(t => t.Name), Is.EqualTo(new[] { "alpha_pid" }));
        Assert.That(readOnly[0], Is.SameAs(all.Single(t => t.Name == "alpha_pid")));
    }

    [Test]
    public async Task APluginsServerFailsToStart_ItIsLeftOutAndLogged_TheOthersAreListed()
    {
        _bed.WriteTestServerPlugin("broken", ["--exit-at-start", "3"]);
        _bed.WriteTestServerPlugin("fine");
        await _bed.StartAsync();

        var tools = await _bed.Catalog.GetToolsAsync();

        Assert.That(tools.Select(t => t.Name), Is.All.StartsWith("fine_"));
        Assert.That(tools, Has.Count.EqualTo(TestToolCount));
        var warning = _bed.Logs.Collector.GetSnapshot().Single(r => r.Category == typeof(PluginToolCatalog).FullName && r.Level == LogLevel.Warning);
        Assert.That(warning.Message, Does.Contain("The tools of plugin broken could not be listed").And.Contain("exit"));
    }

    [Test]
    public async Task Approval_FromTheManifest_WrapsThoseToolsOnly()
    {
        _bed.WriteTestServerPlugin("marked", mcpExtra: """ "approval": ["echo"] """);
        _bed.WriteTestServerPlugin("all-marked", mcpExtra: """ "approval": "*" """);
        await _bed.StartAsync();

        var tools = await _bed.Catalog.GetToolsAsync();

        var wrapped = tools.Where(t => t is ApprovalRequiredAIFunction).Select(t => t.Name).ToList();
        Assert.That(wrapped, Does.Contain("marked_echo"));
        Assert.That(wrapped.Count(n => n.StartsWith("marked_", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(wrapped.Count(n => n.StartsWith("all-marked_", StringComparison.Ordinal)), Is.EqualTo(TestToolCount));
        var echo = tools.Single(t => t.Name == "marked_echo");
        Assert.That(echo.GetService<PluginToolFunction>()!.ToolName, Is.EqualTo("echo"), "the mapping back reaches through the wrapper");
        Assert.That(echo.AdditionalProperties[PluginToolFunction.PluginNameKey], Is.EqualTo("marked"));
    }

    [Test]
    public async Task Approval_HostOverrides_MostSpecificKeyWins()
    {
        _bed.WriteTestServerPlugin("marked", mcpExtra: """ "approval": ["echo", "env"] """);
        _bed.WriteTestServerPlugin("plain");
        _bed.WriteTestServerPlugin("careful");
        var options = new PluginAIToolOptions();
        options.Approval["*"] = true;
        options.Approval["plain"] = false;
        options.Approval["plain/pid"] = true;
        options.Approval["marked/echo"] = false;
        await _bed.StartAsync(options);

        var wrapped = (await _bed.Catalog.GetToolsAsync()).Where(t => t is ApprovalRequiredAIFunction).Select(t => t.Name).ToHashSet();

        Assert.That(wrapped, Does.Not.Contain("marked_echo"), "plugin/tool false lifts the manifest's demand");
        Assert.That(wrapped, Does.Contain("marked_env").And.Contain("marked_pid"), "* applies where nothing more specific does");
        Assert.That(wrapped.Where(n => n.StartsWith("plain_", StringComparison.Ordinal)), Is.EqualTo(new[] { "plain_pid" }));
        Assert.That(wrapped.Count(n => n.StartsWith("careful_", StringComparison.Ordinal)), Is.EqualTo(TestToolCount));
    }

    [Test]
    public void Constructor_BadApprovalKeys_ThrowsNamingEachOne()
    {
        var options = new PluginAIToolOptions();
        options.Approval["Bad_Name"] = true;
        options.Approval["plugin/"] = true;
        options.Approval["ok/tool.with/slash"] = true;
        options.Approval[""] = true;

        var error = Assert.Throws<OptionsValidationException>(() => _ = new PluginToolCatalog(Mock.Of<IPluginRuntime>(), options));

        Assert.That(error!.Failures, Has.Exactly(3).Items);
        Assert.That(error.Message, Does.Contain("'Bad_Name'").And.Contain("'plugin/'").And.Contain("key ''"));
    }

    [Test]
    public async Task GetToolsAsync_ManyPluginsAtOnce_ListsThemConcurrently_AllUniqueAndValid()
    {
        for (var i = 0; i < 6; i++)
        {
            _bed.WriteTestServerPlugin($"p{i}", ["--content-tools"]);
        }

        await _bed.StartAsync();

        var tools = await _bed.Catalog.GetToolsAsync();

        Assert.That(tools.Select(t => t.Name), Is.Unique);
        Assert.That(tools.Select(t => t.Name), Is.All.Match(@"^[a-zA-Z0-9_-]{1,64}$"));
        Assert.That(tools, Has.Count.EqualTo(6 * (TestToolCount + 5)));
    }

    // The test server's tools without --content-tools (tests/BotHq.Plugins.TestServer/TestTools.cs, Catalog).
    private const int TestToolCount = 18;

    private static Task Fired(IChangeToken token)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), fired);
        return fired.Task;
    }
}
