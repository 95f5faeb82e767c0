namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>Runtime options rooted in a temporary folder, so no test touches ~/.bot-hq.</summary>
internal static class TestOptions
{
    public static PluginRuntimeOptions For(TempDirectory root, Action<PluginRuntimeOptions>? configure = null)
    {
        var options = new PluginRuntimeOptions
        {
            PluginsDirectory = root.Combine("plugins"),
            DatabasePath = root.Combine("plugins.db"),
            KeyDirectory = root.Combine("keys"),
        };
        configure?.Invoke(options);
        return options;
    }
}
