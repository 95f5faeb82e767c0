using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Extensions;

/// <summary>The collectible load context of one plugin's extension: the plugin's own dependencies from its .deps.json,
/// the host's copies of the contract assemblies and of the framework.</summary>
/// <remarks>
/// The contract assemblies (BotHq.Plugins.Abstractions, Microsoft.Extensions.Logging.Abstractions) always resolve to the host's
/// loaded copy, whatever version the plugin asks for or ships, so that <see cref="IPluginContext"/> and <see cref="ILogger"/> are
/// one type on both sides. Asking the default context by name instead would fail when the plugin was built against a newer patch;
/// the extension loader refuses a newer major or minor before it gets here. Framework assemblies also stay the host's, even when a
/// plugin ships a package copy of one, so that framework types (<c>JsonElement</c> in an <see cref="ActionResult"/>) unify too.
/// </remarks>
internal sealed class ExtensionLoadContext : AssemblyLoadContext
{
    private static readonly Assembly[] SharedAssemblies = [typeof(IPluginContext).Assembly, typeof(ILogger).Assembly];

    private static readonly string?[] SharedNames = Array.ConvertAll(SharedAssemblies, a => a.GetName().Name);

    private static readonly string? FrameworkDirectory = GetFrameworkDirectory();

    private readonly AssemblyDependencyResolver _resolver;

    /// <summary>Creates the context for an extension assembly.</summary>
    /// <param name="pluginName">The plugin, for the context's name.</param>
    /// <param name="mainAssemblyPath">The full path of the extension assembly; its .deps.json, if any, lists the dependencies.</param>
    /// <exception cref="InvalidOperationException">The assembly's .deps.json cannot be read.</exception>
    public ExtensionLoadContext(string pluginName, string mainAssemblyPath)
        : base($"BotHq.Plugins.Extension({pluginName})", isCollectible: true)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
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
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    /// <inheritdoc />
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
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
