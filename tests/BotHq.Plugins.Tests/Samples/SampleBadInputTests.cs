namespace BotHq.Plugins.Tests.Samples;

/// <summary>Bad input: a non-zero exit code, one clear line on stderr, nothing on stdout, and the database unchanged.</summary>
[TestFixture]
public sealed class SampleBadInputTests
{
    private SampleHome _home = null!;

    [OneTimeSetUp]
    public async Task CreateHomeWithTheSamplePlugin()
    {
        _home = new SampleHome().WithHello();
        var first = await SampleCli.RunAsync(_home, "settings", "hello", "--set", "style=formal");
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
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
    [TestCase(2, "--set needs key=value", "settings", "hello", "--set", "greeting")]
    [TestCase(2, "Unrecognized command or argument 'frobnicate'", "frobnicate")]
    [TestCase(2, "Required argument missing", "show")]
    [TestCase(2, "Unrecognized command or argument 'extra'", "show", "hello", "extra")]
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
    }
}
