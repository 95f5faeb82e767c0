using System.Collections.Concurrent;
using BotHq.Plugins.Extensions;
using BotHq.Plugins.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>Stands in for the registry as the extension host's source: plugins are real extension builds copied into temp folders.</summary>
/// <remarks>Lists enabled plugins in the order they were added, not by name, so that tests see the host order results itself.
/// Every launch builds a fresh <see cref="PluginContext"/> over the plugin's persistent <see cref="TestPluginData"/>.</remarks>
internal sealed class TestExtensionSource(TempDirectory root) : IExtensionSource
{
    private readonly ConcurrentDictionary<string, Entry> _plugins = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Adds an enabled plugin whose extension is a test extension project's build.</summary>
    public TestPluginData Add(string pluginName, string project)
    {
        var directory = root.Combine("plugins", pluginName);
        var assemblyPath = TestExtensionBuilds.CopyTo(project, directory);
        return Register(pluginName, directory, assemblyPath);
    }

    /// <summary>Adds an enabled plugin whose manifest names an extension file with the given contents, or a missing one.</summary>
    public TestPluginData AddFile(string pluginName, string fileName, byte[]? contents)
    {
        var directory = root.Combine("plugins", pluginName);
        Directory.CreateDirectory(directory);
        var assemblyPath = Path.Combine(directory, fileName);
        if (contents is not null)
        {
            File.WriteAllBytes(assemblyPath, contents);
        }

        return Register(pluginName, directory, assemblyPath);
    }

    public void SetEnabled(string pluginName, bool enabled) => _plugins[pluginName].Enabled = enabled;

    public int LaunchCount(string pluginName) => _plugins[pluginName].Launches;

    public IReadOnlyList<string> GetEnabledExtensionPlugins()
    {
        lock (_order)
        {
            return _order.Where(name => _plugins[name].Enabled).ToList();
        }
    }

    public ExtensionLaunch GetLaunch(string pluginName)
    {
        if (!_plugins.TryGetValue(pluginName, out var entry))
        {
            throw new PluginNotFoundException(pluginName);
        }

        if (!entry.Enabled)
        {
            throw new PluginUnavailableException(pluginName, "disabled", $"Plugin '{pluginName}' is disabled; enable it to use its extension.");
        }

        Interlocked.Increment(ref entry.LaunchCount);
        var data = entry.Data;
        var context = new PluginContext(
            pluginName,
            "1.0.0",
            entry.Directory,
            new NoMcpServer(pluginName),
            new TestPluginStores(data),
            data.ReadSettings,
            new TestCredentials(data),
            NullLogger.Instance);
        return new ExtensionLaunch(pluginName, entry.Directory, entry.AssemblyPath, context, entry.Secrets);
    }

    private TestPluginData Register(string pluginName, string directory, string assemblyPath)
    {
        var entry = new Entry(new TestPluginData(pluginName), directory, assemblyPath);
        if (!_plugins.TryAdd(pluginName, entry))
        {
            throw new InvalidOperationException($"Plugin '{pluginName}' was added twice.");
        }

        lock (_order)
        {
            _order.Add(pluginName);
        }

        return entry.Data;
    }

    private sealed class Entry(TestPluginData data, string directory, string assemblyPath)
    {
        public int LaunchCount;

        public TestPluginData Data { get; } = data;

        public string Directory { get; } = directory;

        public string AssemblyPath { get; } = assemblyPath;

        public PluginSecrets Secrets { get; } = new();

        public volatile bool Enabled = true;

        public int Launches => Volatile.Read(ref LaunchCount);
    }
}
