using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Extensions;

/// <summary>The collectible load context of one plugin's extension: the plugin's own dependencies from its .deps.json,
/// the host's copies of the contract assemblies and of the framework.</summary>
/// <remarks>
/// <para>
/// The plugin's managed assemblies (with their .pdb when there is one) are read into memory and loaded from there, never from
/// their path: the runtime caches an image it loaded from a path, so a rebuilt extension at the same path would come back as the
/// old code, and the file would stay open so a build could not overwrite it. Their <see cref="Assembly.Location"/> is therefore
/// empty; a plugin finds its folder through <see cref="IPluginContext.Directory"/>. Native libraries cannot be loaded from memory:
/// each is copied into a folder of this context's own (a shadow copy under the temporary folder), deleted when the context
/// unloads, and left-over folders of processes that are gone are deleted when the next context is created.
/// </para>
/// <para>
/// The contract assemblies (BotHq.Plugins.Abstractions, Microsoft.Extensions.Logging.Abstractions) always resolve to the host's
/// loaded copy, whatever version the plugin asks for or ships, so that <see cref="IPluginContext"/> and <see cref="ILogger"/> are
/// one type on both sides. Asking the default context by name instead would fail when the plugin was built against a newer patch;
/// the extension loader refuses a newer major or minor before it gets here. Framework assemblies also stay the host's, even when a
/// plugin ships a package copy of one, so that framework types (<c>JsonElement</c> in an <see cref="ActionResult"/>) unify too.
/// </para>
/// </remarks>
internal sealed class ExtensionLoadContext : AssemblyLoadContext
{
    private static readonly Assembly[] SharedAssemblies = [typeof(IPluginContext).Assembly, typeof(ILogger).Assembly];

    private static readonly string?[] SharedNames = Array.ConvertAll(SharedAssemblies, a => a.GetName().Name);

    private static readonly string? FrameworkDirectory = GetFrameworkDirectory();

    private static readonly string ShadowRoot = Path.Combine(Path.GetTempPath(), "bothq-plugins-native");

    private static int _shadowRootSwept;

    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _shadowDirectory;

    /// <summary>Creates the context for an extension assembly.</summary>
    /// <param name="pluginName">The plugin, for the context's name.</param>
    /// <param name="mainAssemblyPath">The full path of the extension assembly; its .deps.json, if any, lists the dependencies.</param>
    /// <exception cref="InvalidOperationException">The assembly's .deps.json cannot be read.</exception>
    public ExtensionLoadContext(string pluginName, string mainAssemblyPath)
        : base($"BotHq.Plugins.Extension({pluginName})", isCollectible: true)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        _shadowDirectory = Path.Combine(ShadowRoot, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        Unloading += static context => ((ExtensionLoadContext)context).DeleteShadowCopies();
    }

    /// <summary>Loads a managed assembly of the plugin from a copy in memory, with its .pdb beside it when there is one.</summary>
    /// <param name="path">The assembly's full path.</param>
    /// <returns>The loaded assembly; its <see cref="Assembly.Location"/> is empty.</returns>
    /// <exception cref="BadImageFormatException">The file is not a valid assembly.</exception>
    /// <exception cref="FileLoadException">The assembly cannot be loaded.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public Assembly LoadFromFile(string path)
    {
        using var assembly = new MemoryStream(ReadShared(path));
        var pdbPath = Path.ChangeExtension(path, ".pdb");
        byte[]? pdb = null;
        try
        {
            pdb = File.Exists(pdbPath) ? ReadShared(pdbPath) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Symbols are optional: an unreadable .pdb (a build writing it) only costs line numbers in stack traces.
        }

        if (pdb is null)
        {
            return LoadFromStream(assembly);
        }

        using var symbols = new MemoryStream(pdb);
        return LoadFromStream(assembly, symbols);
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        for (var i = 0; i < SharedAssemblies.Length; i++)
        {
            if (string.Equals(SharedNames[i], assemblyName.Name, StringComparison.Ordinal))
            {
                return SharedAssemblies[i];
            }
        }

        if (IsFrameworkAssembly(assemblyName.Name))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromFile(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(ShadowCopy(path));
    }

    private static byte[] ReadShared(string path)
    {
        // Shared for writing and deleting: a build that replaces the file while it is read is never refused.
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        return bytes;
    }

    private string ShadowCopy(string path)
    {
        if (Interlocked.Exchange(ref _shadowRootSwept, 1) == 0)
        {
            SweepShadowRoot();
        }

        Directory.CreateDirectory(_shadowDirectory);
        var copy = Path.Combine(_shadowDirectory, Path.GetFileName(path));
        if (!File.Exists(copy))
        {
            File.Copy(path, copy);
        }

        return copy;
    }

    private void DeleteShadowCopies() => TryDelete(_shadowDirectory);

    private static void SweepShadowRoot()
    {
        // Folders of a process that ended before its contexts unloaded (killed, or a library the OS held open).
        if (!Directory.Exists(ShadowRoot))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(ShadowRoot))
        {
            var name = Path.GetFileName(folder);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId && !IsRunning(pid))
            {
                TryDelete(folder);
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A library the OS still holds (Windows keeps a loaded DLL locked): the next process's sweep deletes it.
        }
    }

    private static bool IsFrameworkAssembly(string? name) =>
        name is not null && FrameworkDirectory is not null && File.Exists(Path.Combine(FrameworkDirectory, name + ".dll"));

    private static string? GetFrameworkDirectory()
    {
        // Empty in a single-file host; plugins then resolve framework names from their .deps.json or fall back to the default context.
        var location = typeof(object).Assembly.Location;
        return string.IsNullOrEmpty(location) ? null : Path.GetDirectoryName(location);
    }
}
