using System.Text;
using System.Text.Json;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>Each command's JSON on the sample plugin, installed as the demo installs it.</summary>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class SampleCommandTests
{
    [Test]
    public async Task Show_SamplePlugin_JsonHasInfoFolderManifestAndCredentials()
    {
        using var home = new SampleHome().WithHello();

        var run = await SampleCli.RunAsync(home, "show", "hello", "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var details = run.Json();
        var info = details.GetProperty("info");
        var manifest = details.GetProperty("manifest");
        Assert.Multiple(() =>
        {
            Assert.That(info.GetProperty("name").GetString(), Is.EqualTo("hello"));
            Assert.That(info.GetProperty("state").GetString(), Is.EqualTo("needs-configuration"));
            Assert.That(info.GetProperty("hasMcp").GetBoolean(), Is.True);
            Assert.That(info.GetProperty("hasUI").GetBoolean(), Is.True);
            Assert.That(details.GetProperty("directory").GetString(), Is.EqualTo(Path.Combine(home.PluginsDirectory, "hello")));
            Assert.That(manifest.GetProperty("bot-hq").GetProperty("minVersion").GetString(), Is.EqualTo("1.0.0"));
            Assert.That(manifest.GetProperty("mcp").GetProperty("tools").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "echo", "add", "credential_status" }));
            Assert.That(manifest.GetProperty("extensions").GetString(), Is.EqualTo("extension/Hello.Extension.dll"));
            Assert.That(
                manifest.GetProperty("settings").EnumerateObject().Select(s => s.Value.GetProperty("type").GetString()),
                Is.EquivalentTo(new[] { "string", "number", "boolean", "select" }));
            Assert.That(manifest.GetProperty("ui").GetProperty("tabs").GetArrayLength(), Is.EqualTo(1));
            Assert.That(manifest.GetProperty("permissions").GetArrayLength(), Is.GreaterThan(0));
            Assert.That(details.GetProperty("credentials")[0].GetProperty("key").GetString(), Is.EqualTo("HELLO_TOKEN"));
            Assert.That(details.GetProperty("credentials")[0].GetProperty("required").GetBoolean(), Is.True);
            Assert.That(details.GetProperty("credentials")[0].GetProperty("isSet").GetBoolean(), Is.False);
        });
    }

    [Test]
    public async Task Show_EveryFileTheManifestNames_ExistsInTheInstalledPlugin()
    {
        using var home = new SampleHome().WithHello();
        var folder = Path.Combine(home.PluginsDirectory, "hello");

        var manifest = (await SampleCli.RunAsync(home, "show", "hello", "--json")).Json().GetProperty("manifest");

        var ui = manifest.GetProperty("ui");
        var files = new[]
        {
            manifest.GetProperty("mcp").GetProperty("args")[0].GetString()!,
            manifest.GetProperty("extensions").GetString()!,
            ui.GetProperty("tabs")[0].GetProperty("component").GetString()!,
            ui.GetProperty("workspaceSettings").GetString()!,
            ui.GetProperty("taskBadge").GetString()!,
            ui.GetProperty("taskActions").GetString()!,
        };
        Assert.That(files.Where(f => !File.Exists(Path.Combine(folder, f))), Is.Empty);
        Assert.That(File.Exists(Path.Combine(folder, "extension", "BotHq.Plugins.Abstractions.dll")), Is.False, "the contract is the host's, never shipped");
    }

    [Test]
    public async Task DisableEnable_Json_PrintsPluginInfoAndPersists()
    {
        using var home = new SampleHome().WithHello();

        var disabled = await SampleCli.RunAsync(home, "disable", "hello", "--json");
        var listed = await SampleCli.RunAsync(home, "list", "--json");
        var enabled = await SampleCli.RunAsync(home, "enable", "hello", "--json");

        Assert.That(disabled.ExitCode, Is.Zero, disabled.ToString());
        Assert.That(disabled.Json().GetProperty("enabled").GetBoolean(), Is.False);
        Assert.That(disabled.Json().GetProperty("state").GetString(), Is.EqualTo("disabled"));
        Assert.That(listed.Json().GetProperty("plugins")[0].GetProperty("state").GetString(), Is.EqualTo("disabled"), "persisted across processes");
        Assert.That(enabled.ExitCode, Is.Zero, enabled.ToString());
        Assert.That(enabled.Json().GetProperty("state").GetString(), Is.EqualTo("needs-configuration"));
    }

    [Test]
    public async Task Settings_NoChange_JsonListsEveryTypeWithItsDefault()
    {
        using var home = new SampleHome().WithHello();

        var run = await SampleCli.RunAsync(home, "settings", "hello", "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var settings = run.Json();
        Assert.That(settings.GetProperty("pluginName").GetString(), Is.EqualTo("hello"));
        var items = settings.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(items["greeting"].GetProperty("value").GetString(), Is.EqualTo("Hello"));
            Assert.That(items["maxNotes"].GetProperty("value").GetDouble(), Is.EqualTo(5));
            Assert.That(items["shout"].GetProperty("value").GetBoolean(), Is.False);
            Assert.That(items["style"].GetProperty("value").GetString(), Is.EqualTo("friendly"));
            Assert.That(items["style"].GetProperty("definition").GetProperty("options").GetArrayLength(), Is.EqualTo(3));
            Assert.That(items.Values.Select(i => i.GetProperty("isDefault").GetBoolean()), Is.All.True);
        });
    }

    [Test]
    public async Task Settings_SetEveryTypeThenReset_ValuesTypedAndDefaultRestored()
    {
        using var home = new SampleHome().WithHello();

        var set = await SampleCli.RunAsync(home, "settings", "hello", "--set", "greeting=Hi there", "--set", "maxNotes=3", "--set", "shout=true", "--set", "style=plain", "--json");
        var reset = await SampleCli.RunAsync(home, "settings", "hello", "--reset", "greeting", "--json");

        Assert.That(set.ExitCode, Is.Zero, set.ToString());
        var items = set.Json().GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!, i => i.GetProperty("value"));
        Assert.Multiple(() =>
        {
            Assert.That(items["greeting"].GetString(), Is.EqualTo("Hi there"));
            Assert.That(items["maxNotes"].ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(items["maxNotes"].GetDouble(), Is.EqualTo(3));
            Assert.That(items["shout"].ValueKind, Is.EqualTo(JsonValueKind.True));
            Assert.That(items["style"].GetString(), Is.EqualTo("plain"));
        });
        Assert.That(reset.ExitCode, Is.Zero, reset.ToString());
        var after = reset.Json().GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!);
        Assert.That(after["greeting"].GetProperty("value").GetString(), Is.EqualTo("Hello"));
        Assert.That(after["greeting"].GetProperty("isDefault").GetBoolean(), Is.True);
        Assert.That(after["style"].GetProperty("value").GetString(), Is.EqualTo("plain"), "keys not reset are kept");
    }

    [Test]
    public async Task Credentials_SetFromStdin_StatusSetAndTheValueAppearsNowhere()
    {
        using var home = new SampleHome().WithHello();
        const string secret = "s3cret-from-stdin-7f3a";

        var run = await SampleCli.RunWithInputAsync(home, secret + "\n", "credentials", "hello", "--set", "HELLO_TOKEN", "--json");
        var listed = await SampleCli.RunAsync(home, "list", "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        var status = run.Json();
        Assert.That(status.GetProperty("plugin").GetString(), Is.EqualTo("hello"));
        Assert.That(status.GetProperty("credentials")[0].GetProperty("isSet").GetBoolean(), Is.True);
        Assert.That(run.Stdout + run.Stderr, Does.Not.Contain(secret));
        Assert.That(listed.Json().GetProperty("plugins")[0].GetProperty("state").GetString(), Is.EqualTo("enabled"));
        var databaseFiles = Directory.EnumerateFiles(Path.GetDirectoryName(home.DatabasePath)!, "plugins.db*").Select(File.ReadAllBytes);
        Assert.That(databaseFiles.Any(bytes => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0), Is.False, "encrypted at rest");
    }

    [Test]
    public async Task Credentials_SetOnCommandLineThenClear_StatusFollows()
    {
        using var home = new SampleHome().WithHello();

        var set = await SampleCli.RunAsync(home, "credentials", "hello", "--set", "HELLO_TOKEN=abc", "--json");
        var cleared = await SampleCli.RunAsync(home, "credentials", "hello", "--clear", "HELLO_TOKEN", "--json");
        var text = await SampleCli.RunAsync(home, "credentials", "hello");

        Assert.That(set.Json().GetProperty("credentials")[0].GetProperty("isSet").GetBoolean(), Is.True, set.ToString());
        Assert.That(cleared.Json().GetProperty("credentials")[0].GetProperty("isSet").GetBoolean(), Is.False, cleared.ToString());
        Assert.That(text.Stdout.Trim(), Is.EqualTo("HELLO_TOKEN: not set (required)"));
    }

    [Test]
    public async Task Store_NothingStored_JsonHasEmptyEntries()
    {
        using var home = new SampleHome().WithHello();

        var run = await SampleCli.RunAsync(home, "store", "hello", "--json");

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Stdout.Trim(), Is.EqualTo("""{"plugin":"hello","scope":"store","entries":{}}"""));
    }

    // The command line builds only the commands a command line names; help lists them all, also when a command's name is the
    // value of an option ("--db list": a database file named list).
    [TestCase("--help")]
    [TestCase("--db", "list", "-h")]
    public async Task Help_NoFoldersTouched_ListsEveryCommand(params string[] arguments)
    {
        using var home = new SampleHome();

        var run = await SampleCli.RunAsync(home, arguments);

        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        foreach (var command in new[]
        {
            "validate", "list", "show", "enable", "disable", "settings", "credentials", "tools", "call", "hook", "actions", "action",
            "store", "pack", "install", "uninstall", "dev",
        })
        {
            Assert.That(run.Stdout, Does.Match($@"\n\s+{command}\b"), command);
        }

        Assert.That(Directory.Exists(Path.Combine(home.Path, ".bot-hq")), Is.False, "help never starts the runtime");
    }
}
