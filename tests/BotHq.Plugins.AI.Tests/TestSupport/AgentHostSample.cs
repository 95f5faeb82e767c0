using System.Reflection;

namespace BotHq.Plugins.AI.Tests.TestSupport;

/// <summary>The agent sample built with the tests, and the hello plugin it lays out in its output.</summary>
internal static class AgentHostSample
{
    /// <summary>Gets the sample's dll (its path is stamped into this assembly by the test project).</summary>
    public static string DllPath { get; } = typeof(AgentHostSample).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "BotHq.Plugins.Samples.AgentHost").Value!;

    /// <summary>Copies the built hello plugin into a plugins folder.</summary>
    public static void CopyHelloPluginTo(string pluginsDirectory)
    {
        var source = Path.Combine(Path.GetDirectoryName(DllPath)!, "sample-plugins", "hello");
        if (!File.Exists(Path.Combine(source, "plugin.json")))
        {
            throw new InvalidOperationException($"The hello plugin is not built at '{source}'; build tests/BotHq.Plugins.AI.Tests, which builds the agent sample with it.");
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(pluginsDirectory, "hello", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
