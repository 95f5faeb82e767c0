using System.Text.Json;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>Bad input: a non-zero exit code, one clear line on stderr, nothing on stdout, and the database unchanged.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class SampleBadInputTests
{
    private SampleHome _home = null!;

    [OneTimeSetUp]
    public async Task CreateHomeWithTheSamplePlugin()
    {
        _home = new SampleHome().WithHello();
        await _home.SetUpAsync(async runtime =>
        {
            await runtime.UpdateSettingsAsync("hello", new Dictionary<string, JsonElement?> { ["style"] = JsonSerializer.SerializeToElement("formal") });
            await runtime.SetCredentialsAsync("hello", new Dictionary<string, string?> { ["HELLO_TOKEN"] = "bad-input-token" });
        });
    }

    [OneTimeTearDown]
    public void DeleteHome() => _home.Dispose();

    [TestCase(1, "No plugin named 'nope' is installed", "show", "nope")]
    [TestCase(1, "No plugin named 'nope' is installed", "enable", "nope")]
    [TestCase(1, "No plugin named 'nope' is installed", "settings", "nope", "--set", "greeting=Hi")]
    [TestCase(1, "maxNotes", "settings", "hello", "--set", "maxNotes=many")]
    [TestCase(1, "style", "settings", "hello", "--set", "greeting=Hi", "--set", "style=loud")]
    [TestCase(1, "declares no setting 'colour'", "settings", "hello", "--set", "colour=red")]
    [TestCase(1, "HELLO_TOKEN", "credentials", "hello", "--set", "HELLO_TOKEN=")]
    [TestCase(1, "NOPE", "credentials", "hello", "--set", "NOPE=x")]
    [TestCase(1, "declares no credential 'NOPE'", "credentials", "hello", "--set", "NOPE")]
    [TestCase(1, "has stored nothing under 'missing'", "store", "hello", "missing")]
    [TestCase(1, "Tool 'nope' of plugin 'hello' was refused", "call", "hello", "nope")]
    [TestCase(1, "No plugin named 'nope' is installed", "call", "nope", "echo", """{"text":"hi"}""")]
    [TestCase(1, "reported an error: echo needs a non-empty 'text'", "call", "hello", "echo", """{"text":""}""")]
    [TestCase(1, "offers no action 'nope'", "action", "hello", "nope")]
    [TestCase(1, "action 'add-note' of plugin 'hello' failed: add-note needs a task", "action", "hello", "add-note")]
    [TestCase(2, "JSON-ARGS is not valid JSON", "call", "hello", "echo", """{"text":""")]
    [TestCase(2, "JSON-ARGS must be a JSON object", "call", "hello", "echo", "[1,2]")]
    [TestCase(2, "JSON-CONTEXT is not valid JSON", "action", "hello", "add-note", "{task}")]
    [TestCase(2, "missing required properties including: 'workspaceId'", "hook", "task-created", """{"task":{"id":"T-1","title":"x","state":"todo"}}""")]
    [TestCase(2, "'tsk' is not a parameter of hook task-created", "hook", "task-created", """{"tsk":{}}""")]
    [TestCase(2, "has no 'agent'", "hook", "agent-start", """{"task":{"id":"T-1","workspaceId":"W-1","title":"x","state":"todo"}}""")]
    [TestCase(2, "Argument 'started' not recognized", "hook", "started", "{}")]
    [TestCase(2, "--timeout must be a positive number", "call", "hello", "echo", "--timeout", "0")]
    [TestCase(2, "--set needs key=value", "settings", "hello", "--set", "greeting")]
    [TestCase(2, "Unrecognized command or argument 'frobnicate'", "frobnicate")]
    [TestCase(2, "Required argument missing", "show")]
    [TestCase(2, "Unrecognized command or argument 'extra'", "show", "hello", "extra")]
    [TestCase(2, "Unrecognized command or argument 'list'", "show", "hello", "list")]
    public async Task Command_BadInput_FailsWithOneLineAndChangesNothing(int exitCode, string message, params string[] arguments)
    {
        var before = await DatabaseSnapshot.TakeAsync(_home.DatabasePath);

        var run = await SampleCli.RunAsync(_home, arguments);

        Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.ToString());
        Assert.That(run.ErrorLines, Has.Length.EqualTo(1), run.ToString());
        Assert.That(run.ErrorLines[0], Does.StartWith("error: ").And.Contain(message));
        if (exitCode == 2)
        {
            Assert.That(run.ErrorLines[0], Does.Contain("--help' for usage"), "a usage error points to help instead of printing it");
        }

        Assert.That(run.Stdout, Is.Empty);
        Assert.That(await DatabaseSnapshot.TakeAsync(_home.DatabasePath), Is.EqualTo(before));
        if (ProcessScan.Supported)
        {
            Assert.That(ProcessScan.WithHome(_home.Path), Is.Empty, "no MCP server outlives the command");
        }
    }

    [Test]
    public async Task Call_RequiredCredentialMissing_FailsWithOneLineNamingTheCommandAndChangesNothing()
    {
        using var home = new SampleHome().WithHello();
        await home.SetUpAsync(_ => Task.CompletedTask);
        var before = await DatabaseSnapshot.TakeAsync(home.DatabasePath);

        var run = await SampleCli.RunAsync(home, "call", "hello", "echo", """{"text":"hi"}""");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.ErrorLines, Is.EqualTo(new[]
        {
            "error: The MCP server of plugin 'hello' is not started: required credential(s) not set: HELLO_TOKEN. Set them with SetCredentialsAsync. Here: bothq-plugins credentials hello --set KEY",
        }));
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(await DatabaseSnapshot.TakeAsync(home.DatabasePath), Is.EqualTo(before));
    }
}
