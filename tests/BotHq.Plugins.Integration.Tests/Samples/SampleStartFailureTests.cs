using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>Issue 13 points 6 and 8 through the sample host as a real process: a database that cannot be used is one line on stderr
/// and exit 1, never a stack trace; a lost key is no dead end for <c>credentials</c>.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class SampleStartFailureTests
{
    [TestCase("random", "is not a database", TestName = "AnyCommand_FileOfRandomBytes_OneLineNamingTheFileAndExit1")]
    [TestCase("malformed", "is corrupt", TestName = "AnyCommand_MalformedPage_OneLineNamingTheFileAndExit1")]
    public async Task AnyCommand_DatabaseFault_OneLineAndExit1(string fault, string cause)
    {
        using var home = new SampleHome().WithHello();
        if (fault == "random")
        {
            DatabaseFaults.WriteRandomBytes(home.DatabasePath);
        }
        else
        {
            await DatabaseFaults.WriteMalformedPageAsync(home.Options);
            SqliteConnection.ClearAllPools();
        }

        var run = await SampleCli.RunAsync(home, "list");

        AssertOneLine(run, $"error: The plugin database '{home.DatabasePath}' {cause}");
    }

    [Test]
    public async Task AnyCommand_DatabaseOnReadOnlyFileSystem_OneLineAndExit1()
    {
        using var mount = TmpfsMount.Create(kilobytes: 1024);
        using var home = new SampleHome().WithHello();
        mount.RemountReadOnly();
        var database = mount.Combine("plugins.db");

        var run = await SampleCli.RunAsync(home, "--db", database, "list");

        AssertOneLine(run, $"error: The plugin database '{database}' is read-only: its file system is mounted read-only");
    }

    [Test]
    public async Task Credentials_KeyFileDeleted_ShowsUnreadableThenSetAndClearWork()
    {
        using var home = new SampleHome().WithHello();
        await home.SetUpAsync(runtime => runtime.SetCredentialsAsync("hello", new Dictionary<string, string?> { ["HELLO_TOKEN"] = "cli-key-loss-token-3b7e" }));
        foreach (var key in Directory.GetFiles(home.Options.KeyDirectory, "*.key"))
        {
            File.Delete(key);
        }

        var shown = await SampleCli.RunAsync(home, "credentials", "hello");
        Assert.That(shown.ExitCode, Is.Zero, shown.ToString());
        Assert.That(shown.Stdout.Trim(), Is.EqualTo("HELLO_TOKEN: unreadable (the stored value cannot be decrypted; set it again)"));

        var json = await SampleCli.RunAsync(home, "credentials", "hello", "--json");
        Assert.That(json.Json().GetProperty("credentials")[0].GetProperty("isUnreadable").GetBoolean(), Is.True, json.ToString());

        var set = await SampleCli.RunAsync(home, "credentials", "hello", "--set", "HELLO_TOKEN=cli-new-token-91d2");
        Assert.That(set.ExitCode, Is.Zero, set.ToString());
        Assert.That(set.Stdout.Trim(), Is.EqualTo("HELLO_TOKEN: set"));

        var clear = await SampleCli.RunAsync(home, "credentials", "hello", "--clear", "HELLO_TOKEN");
        Assert.That(clear.ExitCode, Is.Zero, clear.ToString());
        Assert.That(clear.Stdout.Trim(), Is.EqualTo("HELLO_TOKEN: not set (required)"));
        Assert.That(set.Stderr + clear.Stderr, Does.Not.Contain("cli-new-token-91d2"));
    }

    [Test]
    public async Task Credentials_KeyFileTruncated_ClearWorksWithoutTheOldKey()
    {
        using var home = new SampleHome().WithHello();
        await home.SetUpAsync(runtime => runtime.SetCredentialsAsync("hello", new Dictionary<string, string?> { ["HELLO_TOKEN"] = "cli-truncated-token-5c0a" }));
        foreach (var key in Directory.GetFiles(home.Options.KeyDirectory, "*.key"))
        {
            File.WriteAllBytes(key, new byte[7]);
        }

        var clear = await SampleCli.RunAsync(home, "credentials", "hello", "--clear", "HELLO_TOKEN");

        Assert.That(clear.ExitCode, Is.Zero, clear.ToString());
        Assert.That(clear.Stdout.Trim(), Is.EqualTo("HELLO_TOKEN: not set (required)"));
    }

    private static void AssertOneLine(CliRun run, string start)
    {
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.ErrorLines, Has.Length.EqualTo(1), run.ToString());
        Assert.That(run.ErrorLines[0], Does.StartWith(start), run.ToString());
        Assert.That(run.ErrorLines[0], Does.Not.Contain(".."));
        Assert.That(run.Stdout, Is.Empty);
    }
}
