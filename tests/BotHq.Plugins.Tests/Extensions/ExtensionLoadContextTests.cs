using System.Runtime.InteropServices;
using BotHq.Plugins.Extensions;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Extensions;

/// <summary>The extension load context's native libraries: loaded from a shadow copy of their own, so a rebuild can replace the
/// plugin's file, and the copy deleted when the context unloads.</summary>
[TestFixture]
public sealed class ExtensionLoadContextTests
{
    private const string NativeName = "bothqtestnative";

    [Test]
    public async Task LoadUnmanagedDll_NativeLibraryInTheDepsJson_LoadsAShadowCopyDeletedOnUnload()
    {
        using var folder = new TempDirectory("native");
        TestExtensionBuilds.CopyTo(TestExtensionBuilds.RebuiltV1, folder.Path);
        var main = folder.Combine(TestExtensionBuilds.RebuiltAssembly + ".dll");
        WriteDepsWithNativeLibrary(main);
        // Any real shared library will do, and the runtime's own is present wherever the tests run.
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var library = folder.Combine($"lib{NativeName}.so");
        File.Copy(Path.Combine(runtimeDirectory, "libSystem.IO.Compression.Native.so"), library);

        var context = new ExtensionLoadContext("native-test", main);
        var handle = NativeLibrary.Load(NativeName, context.LoadFromFile(main), searchPath: null);
        var mapped = MappedPaths($"lib{NativeName}.so");
        NativeLibrary.Free(handle);
        context.Unload();

        var shadow = Path.GetDirectoryName(mapped.Single())!;
        Assert.Multiple(() =>
        {
            Assert.That(mapped, Has.Count.EqualTo(1), "one copy is loaded");
            Assert.That(mapped.Single(), Does.StartWith(Path.Combine(Path.GetTempPath(), "bothq-plugins-native") + Path.DirectorySeparatorChar), "the library is loaded from the context's shadow copy");
            Assert.That(mapped.Single(), Is.Not.EqualTo(library), "the plugin's own file is not mapped, so a build can replace it");
            Assert.That(Path.GetFileName(shadow), Does.StartWith($"{Environment.ProcessId}-"), "the copy's folder names the process, for the sweep of dead processes' copies");
        });
        await RuntimeWait.UntilAsync(() => !Directory.Exists(shadow), "the shadow copy is deleted once the context unloads");
    }

    private static void WriteDepsWithNativeLibrary(string main)
    {
        var name = Path.GetFileNameWithoutExtension(main);
        File.WriteAllText(Path.ChangeExtension(main, ".deps.json"), $$"""
            {
              "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0", "signature": "" },
              "compilationOptions": {},
              "targets": {
                ".NETCoreApp,Version=v10.0": {
                  "{{name}}/1.0.0": {
                    "runtime": { "{{name}}.dll": {} },
                    "native": { "lib{{NativeName}}.so": {} }
                  }
                }
              },
              "libraries": { "{{name}}/1.0.0": { "type": "project", "serviceable": false, "sha512": "" } }
            }
            """);
    }

    /// <summary>The distinct paths of the mappings of this process whose file name is <paramref name="fileName"/>.</summary>
    private static List<string> MappedPaths(string fileName) =>
        [.. File.ReadLines("/proc/self/maps")
            .Select(line => line.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? line[slash..] : string.Empty)
            .Where(path => path.EndsWith(Path.DirectorySeparatorChar + fileName, StringComparison.Ordinal))
            .Distinct()];
}
