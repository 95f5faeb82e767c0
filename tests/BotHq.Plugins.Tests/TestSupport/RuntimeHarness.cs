using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>A temporary plugins folder, database and key folder, with helpers to write plugins and open runtimes on them.</summary>
internal sealed class RuntimeHarness : IAsyncDisposable
{
    private readonly List<PluginRuntime> _runtimes = [];

    public RuntimeHarness(Action<PluginRuntimeOptions>? configure = null)
        : this(BackendDatabase.CreateSqlite("runtime"), configure)
    {
    }

    private RuntimeHarness(BackendDatabase database, Action<PluginRuntimeOptions>? configure)
    {
        Database = database;
        Root = database.Directory;
        Options = database.Options;
        configure?.Invoke(Options);
        Directory.CreateDirectory(Options.PluginsDirectory);
    }

    /// <summary>Creates a harness whose runtimes keep their state on a backend (a SQLite file, or a PostgreSQL schema of its own).</summary>
    public static async Task<RuntimeHarness> CreateAsync(TestBackend backend, Action<PluginRuntimeOptions>? configure = null) =>
        new(await BackendDatabase.CreateAsync(backend, "runtime"), configure);

    /// <summary>Gets the database the runtimes share.</summary>
    public BackendDatabase Database { get; }

    public TempDirectory Root { get; }

    public PluginRuntimeOptions Options { get; }

    public string PluginDirectory(string folder) => Path.Combine(Options.PluginsDirectory, folder);

    /// <summary>Gets options for another host instance on the same database: its own plugins folder, the same keys.</summary>
    public PluginRuntimeOptions InstanceOptions(string instance)
    {
        var options = new PluginRuntimeOptions
        {
            PluginsDirectory = Root.Combine("instances", instance, "plugins"),
            DatabasePath = Options.DatabasePath,
            KeyDirectory = Options.KeyDirectory,
            KeyEncryptionKey = Options.KeyEncryptionKey,
            ChangePollInterval = Options.ChangePollInterval,
        };
        Directory.CreateDirectory(options.PluginsDirectory);
        return options;
    }

    /// <summary>Writes a minimal valid plugin into another instance's plugins folder (see <see cref="InstanceOptions"/>).</summary>
    public string WriteSimplePlugin(PluginRuntimeOptions instance, string name, string version = "1.0.0", string extraMembers = "")
    {
        var directory = Path.Combine(instance.PluginsDirectory, name);
        Directory.CreateDirectory(directory);
        var extra = extraMembers.Length > 0 ? "," + extraMembers : "";
        File.WriteAllText(Path.Combine(directory, "plugin.json"), $$"""{"name":"{{name}}","version":"{{version}}","description":"The {{name}} plugin"{{extra}}}""");
        return directory;
    }

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
    /// <param name="loggerFactory">The runtime's loggers.</param>
    /// <param name="timeProvider">The runtime's clock.</param>
    /// <param name="protector">A protector of the host's own, or <see langword="null"/>.</param>
    /// <param name="options">Options of its own (another instance's plugins folder), or <see langword="null"/> for <see cref="Options"/>.</param>
    public async Task<PluginRuntime> StartAsync(ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, ICredentialProtector? protector = null, PluginRuntimeOptions? options = null)
    {
        var runtime = new PluginRuntime(options ?? Options, loggerFactory, timeProvider, protector, Database.StorageFactory);
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

        await Database.DisposeAsync();
    }
}
