using System.Reflection;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>Finds the build output of the test extension projects under tests/Extensions and copies it into plugin folders.</summary>
internal static class TestExtensionBuilds
{
    public const string Basic = "BotHq.TestExtensions.Basic";
    public const string Throwing = "BotHq.TestExtensions.Throwing";
    public const string Hanging = "BotHq.TestExtensions.Hanging";
    public const string VersionedA = "BotHq.TestExtensions.Versioned.A";
    public const string VersionedB = "BotHq.TestExtensions.Versioned.B";
    public const string NoExtension = "BotHq.TestExtensions.NoExtension";
    public const string TwoExtensions = "BotHq.TestExtensions.TwoExtensions";
    public const string ThrowingCtor = "BotHq.TestExtensions.ThrowingCtor";
    public const string FutureContract = "BotHq.TestExtensions.FutureContract";
    public const string WaitsForFile = "BotHq.TestExtensions.WaitsForFile";
    public const string Misbehaving = "BotHq.TestExtensions.Misbehaving";
    public const string Leaky = "BotHq.TestExtensions.Leaky";

    /// <summary>Two builds of one extension, both written as <see cref="RebuiltAssembly"/>.dll: a rebuild with different code.</summary>
    public const string RebuiltV1 = "BotHq.TestExtensions.Rebuilt.V1";
    public const string RebuiltV2 = "BotHq.TestExtensions.Rebuilt.V2";
    public const string RebuiltAssembly = "BotHq.TestExtensions.Rebuilt";

    private static readonly string Root = Metadata("TestExtensionsDirectory");
    private static readonly string Output = Metadata("TestExtensionsOutput");

    /// <summary>Gets the folder the test build wrote a test extension project's output to.</summary>
    public static string OutputOf(string project)
    {
        var folder = Path.Combine(Root, project, Output);
        var assembly = project.StartsWith(RebuiltAssembly + ".", StringComparison.Ordinal) ? RebuiltAssembly : project;
        if (!File.Exists(Path.Combine(folder, assembly + ".dll")))
        {
            throw new InvalidOperationException($"The test extension '{project}' is not built at '{folder}'; build tests/BotHq.Plugins.Tests, which builds it.");
        }

        return folder;
    }

    /// <summary>Copies a test extension's whole output into a plugin folder and returns the path of its main assembly there.</summary>
    public static string CopyTo(string project, string pluginDirectory)
    {
        var source = OutputOf(project);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(pluginDirectory, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        return Path.Combine(pluginDirectory, project + ".dll");
    }

    private static string Metadata(string key) =>
        typeof(TestExtensionBuilds).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no metadata '{key}'.");
}
