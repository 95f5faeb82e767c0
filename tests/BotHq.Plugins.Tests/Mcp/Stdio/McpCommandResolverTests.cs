using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Mcp.Stdio;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Mcp.Stdio;

/// <summary>Issue point 4: how the command is chosen from the manifest, and the environment it gets.</summary>
public sealed class McpCommandResolverTests
{
    private TempDirectory _temp = null!;
    private string _bin = null!;
    private string _plugin = null!;

    [SetUp]
    public void CreateFolders()
    {
        _temp = new TempDirectory("resolver");
        _bin = Directory.CreateDirectory(_temp.Combine("bin")).FullName;
        _plugin = Directory.CreateDirectory(_temp.Combine("plugin")).FullName;
        foreach (var program in new[] { "node", "python3", "dotnet", "npx" })
        {
            Executable(Path.Combine(_bin, program));
        }
    }

    [TearDown]
    public void DeleteFolders() => _temp.Dispose();

    [TestCase("server.js", "node")]
    [TestCase("server.mjs", "node")]
    [TestCase("server.cjs", "node")]
    [TestCase("server.py", "python3")]
    [TestCase("Server.dll", "dotnet")]
    public void Resolve_EntryByExtension_RunsItWithItsInterpreter(string entry, string interpreter)
    {
        _temp.WriteFile(Path.Combine("plugin", "dist", entry), "x");

        var command = McpCommandResolver.Resolve(Launch(new PluginMcpManifest { Entry = $"dist/{entry}", Args = ["--flag"] }), new PluginMcpOptions());

        Assert.Multiple(() =>
        {
            Assert.That(command.Program, Is.EqualTo(Path.Combine(_bin, interpreter)));
            Assert.That(command.Arguments, Is.EqualTo(new[] { Path.Combine(_plugin, "dist", entry), "--flag" }));
            Assert.That(command.WorkingDirectory, Is.EqualTo(_plugin));
        });
    }

    [Test]
    public void Resolve_TypeScriptEntryWithThePluginsOwnTsx_UsesIt()
    {
        _temp.WriteFile(Path.Combine("plugin", "server.ts"), "x");
        var tsx = Path.Combine(_plugin, "node_modules", ".bin", "tsx");
        Directory.CreateDirectory(Path.GetDirectoryName(tsx)!);
        Executable(tsx);

        var command = McpCommandResolver.Resolve(Launch(new PluginMcpManifest { Entry = "server.ts" }), new PluginMcpOptions());

        Assert.Multiple(() =>
        {
            Assert.That(command.Program, Is.EqualTo(tsx));
            Assert.That(command.Arguments, Is.EqualTo(new[] { Path.Combine(_plugin, "server.ts") }));
        });
    }

    [Test]
    public void Resolve_TypeScriptEntryWithoutLocalTsx_UsesNpxWithoutInstalling()
    {
        _temp.WriteFile(Path.Combine("plugin", "server.ts"), "x");

        var command = McpCommandResolver.Resolve(Launch(new PluginMcpManifest { Entry = "server.ts" }), new PluginMcpOptions());

        Assert.Multiple(() =>
        {
            Assert.That(command.Program, Is.EqualTo(Path.Combine(_bin, "npx")));
            Assert.That(command.Arguments, Is.EqualTo(new[] { "--no-install", "tsx", Path.Combine(_plugin, "server.ts") }));
            Assert.That(McpCommandResolver.StartHint(command), Does.Contain("npm install --save-dev tsx"));
        });
    }

    [Test]
    public void Resolve_TypeScriptEntryWithNeitherTsxNorNpx_FailsSayingHowToInstallTsx()
    {
        _temp.WriteFile(Path.Combine("plugin", "server.ts"), "x");
        File.Delete(Path.Combine(_bin, "npx"));

        var ex = Assert.Throws<McpServerException>(() => McpCommandResolver.Resolve(Launch(new PluginMcpManifest { Entry = "server.ts" }), new PluginMcpOptions()));

        Assert.That(ex!.Message, Does.Contain("'npx'").And.Contain("npm install --save-dev tsx").And.Contain("'plugin-x'"));
    }

    [Test]
    public void Resolve_EntryWithoutKnownExtension_RunsItAsAnExecutable()
    {
        var server = Path.Combine(_plugin, "server");
        Executable(server);

        var command = McpCommandResolver.Resolve(Launch(new PluginMcpManifest { Entry = "server", Args = ["a b"] }), new PluginMcpOptions());

        Assert.Multiple(() =>
        {
            Assert.That(command.Program, Is.EqualTo(server));
            Assert.That(command.Arguments, Is.EqualTo(new[] { "a b" }), "arguments stay a list, never split by a shell");
        });
    }

    [Test]
    public void Resolve_CommandWithAPath_IsTakenFromThePluginsFolder()
    {
        var server = Path.Combine(_plugin, "tools", "serve");
        Directory.CreateDirectory(Path.GetDirectoryName(server)!);
        Executable(server);

        var command = McpCommandResolver.Resolve(Launch(new PluginMcpManifest { Command = "./tools/serve" }), new PluginMcpOptions());

        Assert.That(command.Program, Is.EqualTo(server));
    }

    [Test]
    public void Resolve_MissingEntry_FailsNamingTheFile()
    {
        var ex = Assert.Throws<McpServerException>(() => McpCommandResolver.Resolve(Launch(new PluginMcpManifest { Entry = "dist/missing.js" }), new PluginMcpOptions()));

        Assert.That(ex!.Message, Does.Contain("dist/missing.js").And.Contain("does not exist"));
    }

    [Test]
    public void Resolve_TransportOtherThanStdio_Fails()
    {
        var ex = Assert.Throws<McpServerException>(() => McpCommandResolver.Resolve(Launch(new PluginMcpManifest { Command = "node", Transport = "http" }), new PluginMcpOptions()));

        Assert.That(ex!.Message, Does.Contain("'http'").And.Contain("stdio"));
    }

    [Test]
    public void Resolve_Environment_IsTheMinimalSetPlusManifestEnvAndCredentials()
    {
        var launch = Launch(new PluginMcpManifest { Command = "node", Env = new Dictionary<string, string> { ["PATH"] = _bin, ["MODE"] = "test" } }, new Dictionary<string, string> { ["API_KEY"] = "k" });

        var command = McpCommandResolver.Resolve(launch, new PluginMcpOptions());

        string[] allowed = ["PATH", "HOME", "USER", "LANG", "TMPDIR", "TEMP", "MODE", "API_KEY"];
        Assert.Multiple(() =>
        {
            Assert.That(command.Environment.Keys, Is.SubsetOf(allowed));
            Assert.That(command.Environment["MODE"], Is.EqualTo("test"));
            Assert.That(command.Environment["API_KEY"], Is.EqualTo("k"));
        });
    }

    private McpServerLaunch Launch(PluginMcpManifest mcp, Dictionary<string, string>? credentials = null)
    {
        // The manifest's env sets PATH to the folder of fake interpreters, so resolution does not depend on this machine.
        var env = new Dictionary<string, string>(mcp.Env ?? new Dictionary<string, string>()) { ["PATH"] = _bin };
        var withPath = new PluginMcpManifest { Entry = mcp.Entry, Command = mcp.Command, Args = mcp.Args, Transport = mcp.Transport, Tools = mcp.Tools, Env = env };
        return new McpServerLaunch("plugin-x", _plugin, withPath, credentials ?? new Dictionary<string, string>());
    }

    private static void Executable(string path)
    {
        File.WriteAllText(path, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
