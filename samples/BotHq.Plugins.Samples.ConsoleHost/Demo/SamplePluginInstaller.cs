namespace BotHq.Plugins.Samples.ConsoleHost.Demo;

/// <summary>Copies the sample plugin, built with this host into its output's <c>sample-plugins/</c>, into the plugins folder.</summary>
internal static class SamplePluginInstaller
{
    /// <summary>The sample plugin's folder name and plugin name.</summary>
    public const string PluginName = "hello";

    /// <summary>Gets where the build put the sample plugin: the host's output folder, <c>sample-plugins/hello</c>.</summary>
    public static string BuiltFolder => Path.Combine(AppContext.BaseDirectory, "sample-plugins", PluginName);

    /// <summary>Makes <c>PLUGINS/hello</c> a copy of the built plugin: copies new and newer files, removes files the build no longer has.</summary>
    /// <param name="pluginsDirectory">The runtime's plugins folder.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="PluginException">The host was built without the sample plugin.</exception>
    public static InstallOutcome Install(string pluginsDirectory)
    {
        var source = BuiltFolder;
        if (!File.Exists(Path.Combine(source, "plugin.json")))
        {
            throw new PluginException(
                PluginName,
                $"The sample plugin is not in the host's output ('{source}' has no plugin.json); build the host project, which builds the plugin with it: dotnet build samples/BotHq.Plugins.Samples.ConsoleHost.");
        }

        var target = Path.Combine(pluginsDirectory, PluginName);
        var existed = Directory.Exists(target);
        var copied = 0;
        var removed = 0;
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            wanted.Add(relative);
            var destination = new FileInfo(Path.Combine(target, relative));
            var origin = new FileInfo(file);
            if (destination.Exists && destination.Length == origin.Length && destination.LastWriteTimeUtc >= origin.LastWriteTimeUtc)
            {
                continue;
            }

            destination.Directory!.Create();
            origin.CopyTo(destination.FullName, overwrite: true);
            copied++;
        }

        if (existed)
        {
            foreach (var file in Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories))
            {
                if (!wanted.Contains(Path.GetRelativePath(target, file)))
                {
                    File.Delete(file);
                    removed++;
                }
            }
        }

        var kind = !existed ? InstallKind.Installed : copied + removed > 0 ? InstallKind.Updated : InstallKind.UpToDate;
        return new InstallOutcome(target, kind, copied, removed);
    }
}
