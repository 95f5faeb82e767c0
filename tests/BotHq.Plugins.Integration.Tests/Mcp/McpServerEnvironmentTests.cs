using BotHq.Plugins.Mcp;
using BotHq.Plugins.Tests.Mcp;

namespace BotHq.Plugins.Integration.Tests.Mcp;

/// <summary>Issue point 4: the server's environment, credentials and their masking.</summary>
public sealed class McpServerEnvironmentTests : McpTestBase
{
    private const string HostOnlyVariable = "BOTHQ_TEST_HOST_ONLY";

    [SetUp]
    public void SetHostVariable() => Environment.SetEnvironmentVariable(HostOnlyVariable, "host-value");

    [TearDown]
    public void ClearHostVariable() => Environment.SetEnvironmentVariable(HostOnlyVariable, null);

    [Test]
    public async Task Credentials_ReachOnlyTheirPluginsServer_AndHostVariablesAreNotInherited()
    {
        AddTestServer("with-secret", credentials: new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp-secret-value" }, environment: new Dictionary<string, string> { ["FROM_MANIFEST"] = "manifest-value" });
        AddTestServer("without-secret");
        var manager = CreateManager();

        var own = await manager.CallToolAsync("with-secret", "env", Json("""{"name":"GITHUB_TOKEN"}"""), null, CancellationToken.None);
        var manifest = await manager.CallToolAsync("with-secret", "env", Json("""{"name":"FROM_MANIFEST"}"""), null, CancellationToken.None);
        var other = await manager.CallToolAsync("without-secret", "env", Json("""{"name":"GITHUB_TOKEN"}"""), null, CancellationToken.None);
        var host = await manager.CallToolAsync("with-secret", "env", Json($$"""{"name":"{{HostOnlyVariable}}"}"""), null, CancellationToken.None);
        var path = await manager.CallToolAsync("with-secret", "env", Json("""{"name":"PATH"}"""), null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(own.GetText(), Is.EqualTo("ghp-secret-value"));
            Assert.That(manifest.GetText(), Is.EqualTo("manifest-value"));
            Assert.That(other.GetText(), Is.EqualTo("<unset>"));
            Assert.That(host.GetText(), Is.EqualTo("<unset>"));
            Assert.That(path.GetText(), Is.EqualTo(Environment.GetEnvironmentVariable("PATH")));
        });
    }

    [Test]
    public async Task InheritEnvironment_PassesTheHostsWholeEnvironment()
    {
        AddTestServer("inheriting");
        var manager = CreateManager(options => options.InheritEnvironment = true);

        var host = await manager.CallToolAsync("inheriting", "env", Json($$"""{"name":"{{HostOnlyVariable}}"}"""), null, CancellationToken.None);

        Assert.That(host.GetText(), Is.EqualTo("host-value"));
    }

    [Test]
    public void CredentialValues_AreMaskedInExitErrorsAndLogs()
    {
        AddTestServer("leaky", ["--exit-at-start", "5"], credentials: new Dictionary<string, string> { ["TEST_SECRET"] = "hunter2-very-secret" });
        var manager = CreateManager();

        var ex = Assert.ThrowsAsync<McpServerException>(() => manager.CallToolAsync("leaky", "echo", Json("""{"text":"x"}"""), null, CancellationToken.None));

        var logs = LogsOf("leaky").Select(record => record.Message).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ex!.ExitCode, Is.EqualTo(5));
            Assert.That(ex.Message, Does.Contain("secret in stderr: ***"));
            Assert.That(ex.Message, Does.Not.Contain("hunter2-very-secret"));
            Assert.That(ex.LastStderrLines, Does.Contain("secret in stderr: ***"));
            Assert.That(ex.ToString(), Does.Not.Contain("hunter2-very-secret"));
            Assert.That(logs, Has.Some.Contains("secret in stderr: ***"));
            Assert.That(logs, Has.None.Contains("hunter2-very-secret"));
            Assert.That(manager.GetStatus("leaky").LastError, Does.Not.Contain("hunter2-very-secret"));
        });
    }

    [Test]
    public async Task CallToolAsync_ServerStartedFromADllEntry_RunsWithDotnetInThePluginFolder()
    {
        var folder = Path.GetDirectoryName(McpTestServer.DllPath)!;
        Launches.Add(new McpServerLaunch(
            "entry",
            folder,
            new BotHq.Plugins.Manifest.PluginMcpManifest { Entry = Path.GetFileName(McpTestServer.DllPath), Args = ["--record", Record("entry").Path] },
            new Dictionary<string, string>()));
        var manager = CreateManager();

        var pwd = await manager.CallToolAsync("entry", "env", Json("""{"name":"PWD"}"""), null, CancellationToken.None);
        var result = await manager.CallToolAsync("entry", "echo", Json("""{"text":"from entry"}"""), null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("from entry"));
            Assert.That(Record("entry").Starts, Is.EqualTo(1));
            Assert.That(pwd.GetText(), Is.EqualTo("<unset>"), "PWD is a host variable, not inherited");
        });
    }
}
