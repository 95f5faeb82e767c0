using System.Reflection;

namespace BotHq.Plugins.Benchmarks.Support;

/// <summary>Where the child programs the benchmarks start were built (paths recorded at build time, same configuration).</summary>
internal static class BenchPaths
{
    /// <summary>Gets the minimal MCP responder's assembly.</summary>
    public static string Responder => Existing(Metadata("Responder"));

    /// <summary>Gets the C# SDK test server's assembly (tests/BotHq.Plugins.TestServer).</summary>
    public static string TestServer => Existing(Metadata("TestServer"));

    /// <summary>Gets the hello-world console app's launcher (apphost).</summary>
    public static string HelloWorld => Existing(Apphost(Metadata("HelloWorld")));

    /// <summary>Gets the bothq-plugins command line's launcher (apphost), as this build made it.</summary>
    public static string Cli => Existing(Apphost(Metadata("Cli")));

    /// <summary>Gets the folder holding the no-op extension's build output.</summary>
    public static string NoOpExtensionDirectory
    {
        get
        {
            var folder = Path.GetFullPath(Metadata("NoOpExtension"));
            Existing(Path.Combine(folder, NoOpExtensionAssembly));
            return folder;
        }
    }

    /// <summary>Gets the file name of the no-op extension's assembly.</summary>
    public const string NoOpExtensionAssembly = "BotHq.Plugins.Benchmarks.NoOpExtension.dll";

    private static string Metadata(string key) =>
        typeof(BenchPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The benchmark assembly has no metadata '{key}'; build it with its project file.");

    private static string Apphost(string dll) => Path.ChangeExtension(dll, OperatingSystem.IsWindows() ? ".exe" : null);

    private static string Existing(string path)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full)
            ? full
            : throw new FileNotFoundException($"'{full}' is not built. Build benchmarks/BotHq.Plugins.Benchmarks in the same configuration; its project references build it.", full);
    }
}
