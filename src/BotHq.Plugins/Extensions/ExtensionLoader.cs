using System.Globalization;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace BotHq.Plugins.Extensions;

/// <summary>Loads one plugin's extension assembly into its own load context and creates its extension class.</summary>
/// <remarks>Every failure becomes an <see cref="ExtensionLoadException"/> whose message names the plugin, the file and the fix;
/// a load context created for a failed load is unloaded at once.</remarks>
internal static class ExtensionLoader
{
    private const string ContractAssemblyName = "BotHq.Plugins.Abstractions";

    /// <summary>Gets the version of the contract assembly the host provides; plugins built against a newer major or minor are refused.</summary>
    public static Version HostContractVersion { get; } = typeof(IPluginExtension).Assembly.GetName().Version ?? new Version(0, 0);

    /// <summary>Loads a plugin's extension.</summary>
    /// <param name="launch">Where the plugin's extension is and the context to create it with.</param>
    /// <returns>The loaded extension.</returns>
    /// <exception cref="ExtensionLoadException">The extension cannot be loaded; the message says why and how to fix it.</exception>
    public static LoadedExtension Load(ExtensionLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var name = launch.PluginName;
        var path = launch.AssemblyPath;
        if (!File.Exists(path))
        {
            throw new ExtensionLoadException(name,
                $"The extension assembly '{path}' of plugin '{name}' does not exist. Build the extension and copy its output "
                + "(the .dll with its .deps.json and dependencies) into the plugin's folder, or fix 'extensions' in plugin.json.");
        }

        CheckImage(name, path);

        ExtensionLoadContext? loadContext = null;
        try
        {
            loadContext = CreateLoadContext(name, path);
            var assembly = LoadMainAssembly(loadContext, name, path);
            var type = FindExtensionType(assembly, name, path);
            var instance = Create(type, launch.Context, name, path);
            return new LoadedExtension(name, type.FullName ?? type.Name, loadContext, instance, launch.Secrets);
        }
        catch
        {
            loadContext?.Unload();
            throw;
        }
    }

    private static void CheckImage(string name, string path)
    {
        // Read while the reader is open: an AssemblyReference points into the reader's memory.
        Version? wanted = null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata || !pe.GetMetadataReader().IsAssembly)
            {
                throw NotAnAssembly(name, path, null);
            }

            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                if (reader.StringComparer.Equals(reference.Name, ContractAssemblyName))
                {
                    wanted = reference.Version;
                    break;
                }
            }
        }
        catch (BadImageFormatException ex)
        {
            throw NotAnAssembly(name, path, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ExtensionLoadException(name,
                $"The extension assembly '{path}' of plugin '{name}' cannot be read: {ex.Message} Check the file's permissions.", ex);
        }

        if (wanted is null)
        {
            throw new ExtensionLoadException(name,
                $"The extension assembly '{path}' of plugin '{name}' does not reference {ContractAssemblyName}, so it contains no extension. "
                + $"Reference the {ContractAssemblyName} package and add a public class implementing {nameof(IPluginExtension)}, "
                + "or fix 'extensions' in plugin.json to name the extension assembly.");
        }

        var host = HostContractVersion;
        if (wanted.Major > host.Major || (wanted.Major == host.Major && wanted.Minor > host.Minor))
        {
            throw new ExtensionLoadException(name, string.Create(CultureInfo.InvariantCulture,
                $"The extension assembly '{path}' of plugin '{name}' was built against {ContractAssemblyName} {wanted.Major}.{wanted.Minor}, "
                + $"but this host provides {host.Major}.{host.Minor}. Update the host's BotHq.Plugins packages to {wanted.Major}.{wanted.Minor} "
                + $"or later, or build the plugin against {ContractAssemblyName} {host.Major}.{host.Minor}."));
        }
    }

    private static ExtensionLoadException NotAnAssembly(string name, string path, Exception? inner) =>
        new(name,
            $"The extension file '{path}' of plugin '{name}' is not a .NET assembly. Point 'extensions' in plugin.json at the "
            + "extension's .dll (built for .NET), not at a native library or another file.",
            inner);

    private static ExtensionLoadContext CreateLoadContext(string name, string path)
    {
        try
        {
            return new ExtensionLoadContext(name, path);
        }
        catch (InvalidOperationException ex)
        {
            throw new ExtensionLoadException(name,
                $"The dependency manifest (.deps.json) beside '{path}' of plugin '{name}' cannot be read: {ex.Message} "
                + "Rebuild the extension and copy its whole output folder.", ex);
        }
    }

    private static Assembly LoadMainAssembly(ExtensionLoadContext loadContext, string name, string path)
    {
        try
        {
            return loadContext.LoadFromFile(path);
        }
        catch (BadImageFormatException ex)
        {
            throw NotAnAssembly(name, path, ex);
        }
        catch (FileLoadException ex)
        {
            throw new ExtensionLoadException(name,
                $"The extension assembly '{path}' of plugin '{name}' cannot be loaded: {ex.Message} "
                + "Make sure it is built for this .NET version and is not already loaded under another plugin.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ExtensionLoadException(name,
                $"The extension assembly '{path}' of plugin '{name}' cannot be read: {ex.Message} Check the file's permissions, "
                + "or wait for the build that writes it to finish (with reload on change, the next write loads it again).", ex);
        }
    }

    private static Type FindExtensionType(Assembly assembly, string name, string path)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            // Only the messages are kept: the exception holds the plugin's types.
            var reasons = ex.LoaderExceptions
                .Where(e => e is not null)
                .Select(e => e!.Message)
                .Distinct(StringComparer.Ordinal)
                .Take(3);
            throw new ExtensionLoadException(name,
                $"The types of extension assembly '{path}' of plugin '{name}' cannot be loaded: {string.Join(" ", reasons)} "
                + "Copy every dependency of the extension (its whole build output, with the .deps.json) into the plugin's folder.");
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException)
        {
            throw new ExtensionLoadException(name,
                $"A dependency of extension assembly '{path}' of plugin '{name}' cannot be loaded: {ex.Message} "
                + "Copy every dependency of the extension (its whole build output, with the .deps.json) into the plugin's folder.");
        }

        Type? found = null;
        List<string>? extra = null;
        foreach (var type in types)
        {
            if (type.IsClass && !type.IsAbstract && !type.ContainsGenericParameters && typeof(IPluginExtension).IsAssignableFrom(type))
            {
                if (found is null)
                {
                    found = type;
                }
                else
                {
                    (extra ??= [found.FullName ?? found.Name]).Add(type.FullName ?? type.Name);
                }
            }
        }

        if (extra is not null)
        {
            throw new ExtensionLoadException(name,
                $"The extension assembly '{path}' of plugin '{name}' contains {extra.Count} public classes implementing "
                + $"{nameof(IPluginExtension)} ({string.Join(", ", extra)}); it must contain exactly one. Make the others internal, "
                + $"abstract, or drop {nameof(IPluginExtension)} from them.");
        }

        return found ?? throw new ExtensionLoadException(name,
            $"The extension assembly '{path}' of plugin '{name}' contains no public, non-abstract class implementing "
            + $"BotHq.Plugins.{nameof(IPluginExtension)}. Add one, with a public constructor taking an {nameof(IPluginContext)}.");
    }

    private static IPluginExtension Create(Type type, IPluginContext context, string name, string path)
    {
        var constructor = type.GetConstructor([typeof(IPluginContext)]);
        if (constructor is null)
        {
            throw new ExtensionLoadException(name,
                $"The extension class '{type.FullName}' in '{path}' of plugin '{name}' has no public constructor taking an "
                + $"{nameof(IPluginContext)}. Add one: the runtime creates the extension with the plugin's context.");
        }

        try
        {
            return (IPluginExtension)constructor.Invoke([context]);
        }
        catch (TargetInvocationException ex)
        {
            // Only the description is kept: the exception's stack trace would keep the plugin's load context alive.
            var cause = ex.InnerException ?? ex;
            throw new ExtensionLoadException(name,
                $"The constructor of extension class '{type.FullName}' of plugin '{name}' threw {cause.GetType().FullName}: {cause.Message} "
                + "Fix the constructor; keep it to assigning fields and do slow or failing work in hooks.");
        }
    }
}
