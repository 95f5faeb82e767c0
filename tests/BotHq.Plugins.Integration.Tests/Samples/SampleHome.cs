using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>A temporary HOME for the sample host: its default folders are this home's <c>.bot-hq</c>.</summary>
internal sealed class SampleHome : IDisposable
{
    private readonly TempDirectory _directory = new("sample-home");

    /// <summary>Gets the home folder.</summary>
    public string Path => _directory.Path;

    /// <summary>Gets <c>~/.bot-hq/plugins</c>, the library's default plugins folder.</summary>
    public string PluginsDirectory => System.IO.Path.Combine(Path, ".bot-hq", "plugins");

    /// <summary>Gets <c>~/.bot-hq/plugins.db</c>, the library's default database.</summary>
    public string DatabasePath => System.IO.Path.Combine(Path, ".bot-hq", "plugins.db");

    /// <summary>Gets the runtime's options for this home's default folders: what the sample host uses when run with this HOME.</summary>
    public PluginRuntimeOptions Options => new()
    {
        PluginsDirectory = PluginsDirectory,
        DatabasePath = DatabasePath,
        KeyDirectory = System.IO.Path.Combine(Path, ".bot-hq", "keys"),
    };

    /// <summary>Sets up state in-process, through the library, faster than a run of the host would.</summary>
    /// <param name="setUp">What to do with the runtime.</param>
    /// <returns>A task that completes when the runtime is disposed.</returns>
    public async Task SetUpAsync(Func<IPluginRuntime, Task> setUp)
    {
        await using var runtime = new PluginRuntime(Options);
        await runtime.InitializeAsync();
        await setUp(runtime);
    }

    /// <summary>Copies the sample plugin, as the build laid it out, into the plugins folder (what the demo's install step does).</summary>
    /// <returns>This home.</returns>
    public SampleHome WithHello()
    {
        Copy(SampleCli.BuiltPluginFolder, System.IO.Path.Combine(PluginsDirectory, "hello"));
        return this;
    }

    /// <summary>Writes a plugin folder with the given manifest.</summary>
    /// <param name="folder">The folder's name under the plugins folder.</param>
    /// <param name="manifest">The plugin.json text.</param>
    public void WritePlugin(string folder, string manifest)
    {
        var directory = System.IO.Path.Combine(PluginsDirectory, folder);
        Directory.CreateDirectory(directory);
        File.WriteAllText(System.IO.Path.Combine(directory, "plugin.json"), manifest);
    }

    public void Dispose() => _directory.Dispose();

    private static void Copy(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
