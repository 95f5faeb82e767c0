using System.Diagnostics;

namespace BotHq.Plugins.Integration.Tests.Templates;

/// <summary>
/// A new plugin author's path, end to end, through the real CLI tool installed from this build's packages: from an empty folder,
/// the template, build, <c>validate</c>, <c>pack</c>, <c>install</c> of the archive with its checksum, set the credential, call the tool, fire the hook, run the action.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class NewAuthorTests
{
    private const string Task = """{"id":"T-7","workspaceId":"W-2","title":"Ship it","state":"todo","priority":1}""";

    [TearDown]
    public void NoProcessLeft() => Assert.That(AuthorKit.LiveProcesses(), Is.Empty, "every server, build node and compiler the test started has exited");

    [Test]
    public async Task NewAuthor_EmptyFolderToToolHookAndAction_WorksThroughTheInstalledTool()
    {
        var wall = Stopwatch.StartNew();
        await AuthorKit.TemplatesAsync();
        await AuthorKit.CliPackageAsync();
        var root = Path.Combine(AuthorKit.Work, "new-author");
        var toolPath = Path.Combine(root, "tool");
        var plugins = Path.Combine(root, "plugins");
        var database = Path.Combine(root, "plugins.db");
        var project = Path.Combine(root, "work", "MyGreeter");
        Directory.CreateDirectory(project);

        // As README and docs/plugin-authoring.md say: the tool from the packed folder, the template in an empty folder.
        await AuthorKit.RunOkAsync(root, "dotnet", "tool", "install", "BotHq.Plugins.Cli", "--tool-path", toolPath, "--add-source", AuthorKit.Packages);
        var tool = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "bothq-plugins.exe" : "bothq-plugins");
        await AuthorKit.RunOkAsync(project, "dotnet", "new", "bothq-plugin", "--debug:custom-hive", AuthorKit.Hive);
        await AuthorKit.RunOkAsync(project, "dotnet", "build", "--disable-build-servers", "-nologo");

        var validate = await AuthorKit.RunAsync(project, tool, "validate", ".");
        Assert.That(validate.ExitCode, Is.Zero, validate.ToString());
        Assert.That(validate.Stdout.Trim(), Is.EqualTo($"mygreeter ({project}): valid"));

        // Installed as a user gets it: packed into an archive, then installed from it with the checksum pack printed.
        Directory.CreateDirectory(Path.Combine(root, "archives"));
        var pack = await AuthorKit.RunAsync(root, tool, "pack", project, "-o", Path.Combine(root, "archives"));
        Assert.That(pack.ExitCode, Is.Zero, pack.ToString());
        var packed = pack.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(packed, Has.Length.EqualTo(2).And.Some.Match("^sha256 [0-9a-f]{64}$"), pack.ToString());
        Assert.That(packed[0], Is.EqualTo(Path.Combine(root, "archives", "mygreeter-0.1.0.zip")), pack.ToString());
        string[] where = ["--plugins-dir", plugins, "--db", database];
        var install = await AuthorKit.RunAsync(root, tool, [.. where, "install", packed[0], "--sha256", packed[1]["sha256 ".Length..]]);
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        Assert.That(install.Stdout, Does.StartWith($"installed mygreeter 0.1.0 into {Path.Combine(plugins, "mygreeter")}"), install.ToString());

        var list = await AuthorKit.RunAsync(root, tool, [.. where, "list"]);
        Assert.That(list.ExitCode, Is.Zero, list.ToString());
        Assert.That(list.Stdout, Does.Contain("mygreeter").And.Contain("enabled"), list.ToString());
        await AuthorKit.RunOkAsync(root, tool, [.. where, "credentials", "mygreeter", "--set", "API_TOKEN=author-secret-91"]);

        var call = await AuthorKit.RunAsync(root, tool, [.. where, "call", "mygreeter", "greet", """{"name":"Grace"}"""]);
        Assert.That(call.ExitCode, Is.Zero, call.ToString());
        Assert.That(call.Stdout.Trim(), Is.EqualTo("Hello, Grace! API_TOKEN is set."));

        var hook = await AuthorKit.RunAsync(root, tool, [.. where, "hook", "task-created", $$"""{"task":{{Task}}}"""]);
        Assert.That(hook.ExitCode, Is.Zero, hook.ToString());
        Assert.That(hook.Stdout, Does.StartWith("task-created: mygreeter ok"), hook.ToString());

        var action = await AuthorKit.RunAsync(root, tool, [.. where, "action", "mygreeter", "greet", $$"""{"task":{{Task}}}"""]);
        Assert.That(action.ExitCode, Is.Zero, action.ToString());
        Assert.That(action.Stdout, Does.Contain("Hello, Ship it! Greeting 1 in workspace W-2; API_TOKEN is set."), action.ToString());
        Assert.That(string.Concat(install, list, call, hook, action), Does.Not.Contain("author-secret-91"));

        TestContext.Out.WriteLine($"new author: {wall.Elapsed.TotalSeconds:F0} s wall, packs included when first");
    }
}
