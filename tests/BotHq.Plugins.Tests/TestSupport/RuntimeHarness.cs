using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>A temporary plugins folder, database and key folder, with helpers to write plugins and open runtimes on them.</summary>
internal sealed class RuntimeHarness : IAsyncDisposable
{
    private readonly List<PluginRuntime> _runtimes = [];

    public RuntimeHarness(Action<PluginRuntimeOptions>? configure = null)
    {
        Root = new TempDirectory("runtime");
        Options = TestOptions.For(Root, configure);
        Directory.CreateDirectory(Options.PluginsDirectory);
    }

    public TempDirectory Root { get; }

    public PluginRuntimeOptions Options { get; }

    public string PluginDirectory(string folder) => Path.Combine(Options.PluginsDirectory, folder);

    /// <summary>Writes a plugin folder with the given plugin.json text.</summary>
    public string WritePlugin(string folder, string manifestJson)
    {
        var directory = PluginDirectory(folder);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "plugin.json"), manifestJson);
        return directory;
    }

    /// <summary>Writes a minimal valid plugin, with optional extra manifest members (JSON without the braces).</summary>
    public string WriteSimplePlugin(string name, string version = "1.0.0", string extraMembers = "")
    {
        var extra = extraMembers.Length > 0 ? "," + extraMembers : "";
        return WritePlugin(name, $$"""{"name":"{{name}}","version":"{{version}}","description":"The {{name}} plugin"{{extra}}}""");
    }

    /// <summary>Creates and initializes a runtime on this harness's folders; disposed with the harness.</summary>
    public async Task<PluginRuntime> StartAsync(ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, ICredentialProtector? protector = null)
    {
        var runtime = new PluginRuntime(Options, loggerFactory, timeProvider, protector);
        _runtimes.Add(runtime);
        await runtime.InitializeAsync();
        return runtime;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var runtime in _runtimes)
        {
            await runtime.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Root.Dispose();
    }
}
