using System.Diagnostics;
using System.Reflection;
using BotHq.Plugins.Integration.Tests.Samples;

namespace BotHq.Plugins.Integration.Tests.Templates;

/// <summary>
/// <c>dotnet new bothq-plugin</c>, one test per server choice: the folder as generated builds, passes <c>validate</c>, and works
/// in a real runtime (the CLI built with the tests): its tool answers and sees the credential, its hook and action use the
/// stores and the setting.
/// </summary>
/// <remarks>Process-level and slow (a build per variant; the first restores the MCP SDK into the kit's own package folder):
/// the variants build one after another and share the packed template.</remarks>
[TestFixture]
[Parallelizable(ParallelScope.Self)]
public sealed class TemplateVariantTests
{
    private const string Task = """{"id":"T-1","workspaceId":"W-1","title":"Write the docs","state":"todo","priority":3}""";
    private const string Secret = "tok-3f1c9a-template-secret";

    // The template package carries the contract package of the same build, so of this version.
    private static readonly string AbstractionsVersion =
        typeof(PluginProblem).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    [TearDown]
    public void NoProcessLeft() => Assert.That(AuthorKit.LiveProcesses(), Is.Empty, "every server, build node and compiler the test started has exited");

    [TestCase("csharp", true, "Acme.Greeter", "acme-greeter", TestName = "NewPlugin_CSharpServerWithExtension_BuildsValidatesAndRuns")]
    [TestCase("node", true, "NodeGreeter", "nodegreeter", TestName = "NewPlugin_NodeServerWithExtension_BuildsValidatesAndRuns")]
    [TestCase("python", false, "PyGreeter", "pygreeter", TestName = "NewPlugin_PythonServerWithoutExtension_BuildsValidatesAndRuns")]
    [TestCase("none", true, "Hooks.Only", "hooks-only", TestName = "NewPlugin_NoServerWithExtension_BuildsValidatesAndRuns")]
    public async Task NewPlugin_Variant_BuildsValidatesAndRuns(string server, bool extension, string name, string plugin)
    {
        var wall = Stopwatch.StartNew();
        await AuthorKit.TemplatesAsync();
        var home = Path.Combine(AuthorKit.Work, $"variant-{server}-{extension}");
        var plugins = Path.Combine(home, "plugins");
        var folder = Path.Combine(plugins, plugin);

        await AuthorKit.NewPluginAsync(folder, name, "--server", server, "--extension", extension ? "true" : "false");
        if (server == "python")
        {
            RequirePython();
        }

        if (server == "node")
        {
            await AuthorKit.RunOkAsync(folder, "npm", "ci", "--prefix", "server", "--no-audit", "--no-fund");
        }

        if (server == "csharp" || extension)
        {
            await AuthorKit.RunOkAsync(folder, "dotnet", "build", "--disable-build-servers", "-nologo");
        }

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(folder, "extension", $"{name}.Extension.dll")), Is.EqualTo(extension));
            Assert.That(File.Exists(Path.Combine(folder, "extension", "BotHq.Plugins.Abstractions.dll")), Is.False, "the contract is the host's, never shipped");
            Assert.That(File.Exists(Path.Combine(folder, "packages", $"BotHq.Plugins.Abstractions.{AbstractionsVersion}.nupkg")), Is.EqualTo(extension));
        });

        var validate = await Cli(home, "validate", folder, "--json");
        Assert.That(validate.ExitCode, Is.Zero, validate.ToString());
        Assert.That(validate.Json().GetProperty("warnings").GetInt32(), Is.Zero, validate.ToString());

        var credentials = await Cli(home, "credentials", plugin, "--set", $"API_TOKEN={Secret}");
        Assert.That(credentials.ExitCode, Is.Zero, credentials.ToString());
        var settings = await Cli(home, "settings", plugin, "--set", "greeting=Hi");
        Assert.That(settings.ExitCode, Is.Zero, settings.ToString());

        if (server != "none")
        {
            var call = await Cli(home, "call", plugin, "greet", """{"name":"Ada"}""");
            Assert.That(call.ExitCode, Is.Zero, call.ToString());
            Assert.That(call.Stdout.Trim(), Is.EqualTo("Hello, Ada! API_TOKEN is set."));
        }

        if (extension)
        {
            var hook = await Cli(home, "hook", "task-created", $$"""{"task":{{Task}}}""");
            Assert.That(hook.ExitCode, Is.Zero, hook.ToString());
            Assert.That(hook.Stdout, Does.StartWith($"task-created: {plugin} ok"), hook.ToString());

            var action = await Cli(home, "action", plugin, "greet", $$"""{"task":{{Task}}}""", "--json");
            Assert.That(action.ExitCode, Is.Zero, action.ToString());
            var result = action.Json();
            Assert.That(result.GetProperty("message").GetString(), Is.EqualTo("Hi, Write the docs! Greeting 1 in workspace W-1; API_TOKEN is set."));
            Assert.That(result.GetProperty("data").GetProperty("note").GetString(), Is.EqualTo("created in state 'todo'"), "the hook's task data, read back by the action");

            var counter = await Cli(home, "store", plugin, "tasks-seen", "--json");
            Assert.That(counter.Stdout.Trim(), Is.EqualTo($$$"""{"plugin":"{{{plugin}}}","scope":"store","entries":{"tasks-seen":1}}"""), counter.ToString());
            var workspace = await Cli(home, "store", plugin, "--workspace", "W-1", "--json");
            Assert.That(workspace.Json().GetProperty("entries").GetProperty("W-1").GetInt32(), Is.EqualTo(1), workspace.ToString());
        }

        TestContext.Out.WriteLine($"{server}/{(extension ? "extension" : "no extension")}: {wall.Elapsed.TotalSeconds:F0} s wall, pack included when first");
    }

    /// <summary>Runs the CLI built with the tests on the variant's plugins folder and database.</summary>
    private static Task<ChildRun> Cli(string home, params string[] arguments) =>
        AuthorKit.RunAsync(home, "dotnet", [SampleCli.DllPath, "--plugins-dir", Path.Combine(home, "plugins"), "--db", Path.Combine(home, "plugins.db"), .. arguments]);

    /// <summary>The Python variant needs python3 on PATH, as the plugin's host does; CI installs it (.ci/run).</summary>
    internal static void RequirePython()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "python3")));
        if (!found)
        {
            const string Reason = "python3 is not on PATH: the Python variant's server cannot run (.ci/run installs Debian's python3).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(Reason);
            }

            Assert.Ignore(Reason);
        }
    }
}
