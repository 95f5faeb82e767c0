using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using BotHq.Plugins.Manifest;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Loading;

/// <summary>Discovers plugins: every sub-folder of the plugins directory that holds a plugin.json.</summary>
/// <remarks>
/// Nothing found on disk throws: an unreadable or invalid manifest becomes a <see cref="PluginLoadError"/> the host can show.
/// Folders whose name starts with '.' are skipped, as are folders without plugin.json and files at the top level.
/// Two folders declaring the same plugin name are both refused, each error naming the other folder. Many folders are read
/// and validated in parallel; the results, and the load errors, are in folder order all the same.
/// </remarks>
internal sealed partial class PluginLoader
{
    /// <summary>The manifest's file name inside a plugin's folder.</summary>
    public const string ManifestFileName = "plugin.json";

    // Below this many folders, handing them to other threads costs more than reading them here.
    private const int ParallelThreshold = 32;

    private readonly ILogger<PluginLoader> _logger;

    /// <summary>Creates a loader.</summary>
    /// <param name="logger">Receives one warning per load error, and debug notes on skipped folders.</param>
    public PluginLoader(ILogger<PluginLoader> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <summary>Scans the plugins directory, creating it if it does not exist.</summary>
    /// <param name="pluginsDirectory">The folder holding one sub-folder per plugin.</param>
    /// <param name="hostVersion">The host's SemVer version, compared with each manifest's <c>bot-hq.minVersion</c>.</param>
    /// <returns>The valid plugins and the load errors, each ordered by folder name.</returns>
    /// <exception cref="ArgumentException"><paramref name="hostVersion"/> is not a SemVer 2.0 version.</exception>
    /// <exception cref="PluginException">The plugins directory itself cannot be created or listed.</exception>
    public DiscoveryResult Discover(string pluginsDirectory, string hostVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginsDirectory);
        var validator = new ManifestValidator(hostVersion);
        var root = Path.GetFullPath(pluginsDirectory);
        var folders = ListFolders(root);

        // Each folder is read and validated on its own, so many are spread over the cores; the results keep folder order.
        var inspected = new Candidate?[folders.Length];
        if (folders.Length >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            InspectInParallel(folders, validator, inspected);
        }
        else
        {
            for (var i = 0; i < folders.Length; i++)
            {
                inspected[i] = Inspect(folders[i], validator);
            }
        }

        var candidates = new List<Candidate>(folders.Length);
        foreach (var candidate in inspected)
        {
            if (candidate is not null)
            {
                candidates.Add(candidate);
            }
        }

        var duplicates = FindDuplicates(candidates);
        var plugins = new List<DiscoveredPlugin>(candidates.Count);
        var errors = new List<PluginLoadError>();
        foreach (var candidate in candidates)
        {
            var result = candidate.Result;
            var problems = duplicates.TryGetValue(candidate.Folder, out var duplicate) ? [.. result.Problems, duplicate] : result.Problems;
            if (result.Manifest is not null && duplicate is null)
            {
                if (result.Incompatible)
                {
                    LogIncompatible(result.Manifest.Name, candidate.Folder, problems.Count > 0 ? problems[0].Message : "");
                }

                plugins.Add(new DiscoveredPlugin(candidate.Folder, result.Manifest, candidate.Utf8, result.Incompatible, problems));
                continue;
            }

            var error = new PluginLoadError { Path = candidate.Folder, Name = result.Name, Errors = problems };
            LogLoadError(candidate.Folder, result.Name ?? "(unknown)", problems.Count, Format(problems));
            errors.Add(error);
        }

        LogDiscovered(root, plugins.Count, errors.Count);
        return new DiscoveryResult(plugins, errors);
    }

    private static string[] ListFolders(string root)
    {
        string[] folders;
        try
        {
            Directory.CreateDirectory(root);

            // A symbolic link that leads nowhere (dangling, or a loop) is listed too: it is a plugin folder someone linked in,
            // and Inspect reports why it cannot be read.
            folders = [.. new System.IO.Enumeration.FileSystemEnumerable<string>(root, (ref System.IO.Enumeration.FileSystemEntry entry) => entry.ToFullPath(), new EnumerationOptions { AttributesToSkip = 0 })
            {
                ShouldIncludePredicate = (ref System.IO.Enumeration.FileSystemEntry entry) =>
                    entry.IsDirectory || ((entry.Attributes & FileAttributes.ReparsePoint) != 0 && IsBrokenLink(entry.ToFullPath())),
            }];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PluginException(
                $"Could not read the plugins directory '{root}': {ex.Message} Make sure the host's user can create and read it, or set PluginRuntimeOptions.PluginsDirectory to another folder.",
                ex);
        }

        // Full paths share the root, so this orders by folder name.
        Array.Sort(folders, StringComparer.Ordinal);
        return folders;
    }

    // Its own method so that a scan of a few folders (a command line's) does not load System.Threading.Tasks.Parallel:
    // a ReadyToRun method resolves every call it holds, taken or not, before it first runs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void InspectInParallel(string[] folders, ManifestValidator validator, Candidate?[] inspected) =>
        Parallel.For(0, folders.Length, i => inspected[i] = Inspect(folders[i], validator));

    private Candidate? Inspect(string folder, ManifestValidator validator)
    {
        if (Path.GetFileName(folder).StartsWith('.'))
        {
            LogHiddenFolderSkipped(folder);
            return null;
        }

        var manifestPath = Path.Combine(folder, ManifestFileName);
        byte[] bytes;
        try
        {
            // Opened without a stat first: the file is there in every plugin folder, so asking before would only cost a call.
            using var handle = File.OpenHandle(manifestPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            if (length > ManifestValidator.MaxManifestBytes)
            {
                // Checked before reading, so a huge file costs nothing.
                return Failed(folder, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{ManifestFileName} is {length} bytes, over the limit of {ManifestValidator.MaxManifestBytes} bytes (1 MiB); keep the manifest small and move large content into other files in the plugin's folder."));
            }

            bytes = ReadAll(handle, (int)length);
        }
        catch (IOException) when (DescribeBrokenLink(folder) is { } broken)
        {
            return Failed(folder, broken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException && !IsLink(manifestPath))
        {
            LogNoManifestSkipped(folder);
            return null;
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(manifestPath))
        {
            return Failed(folder, $"{ManifestFileName} is a folder, not a file; replace it with the plugin's manifest file.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(folder, $"{ManifestFileName} could not be read: {ex.Message} Make sure the host's user can read the file.");
        }

        var text = ManifestValidator.SkipByteOrderMark(bytes);
        return new Candidate(folder, text, validator.Validate(text, folder));
    }

    /// <summary>Reads the file's first <paramref name="length"/> bytes, its size when opened, into an array of exactly that size.</summary>
    /// <remarks>A manifest being rewritten while it is scanned reads as it was or as half of it, and is reported as such; the
    /// next reload reads the finished file.</remarks>
    private static byte[] ReadAll(Microsoft.Win32.SafeHandles.SafeFileHandle handle, int length)
    {
        var bytes = new byte[length];
        var read = 0;
        int n;
        while (read < bytes.Length && (n = RandomAccess.Read(handle, bytes.AsSpan(read), read)) > 0)
        {
            read += n;
        }

        return read == bytes.Length ? bytes : bytes[..read];
    }

    /// <summary>Whether a top-level entry that is not a folder is a symbolic link that leads nowhere: a file is never a plugin, but a
    /// link that dangles or loops may be a plugin folder whose target is not built yet.</summary>
    private static bool IsBrokenLink(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true) is { Exists: false };
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Says why a plugin folder that is a symbolic link cannot be followed, or returns null when it is not such a link.</summary>
    private static string? DescribeBrokenLink(string folder)
    {
        try
        {
            return Directory.ResolveLinkTarget(folder, returnFinalTarget: true) is { Exists: false } target
                ? $"the plugin folder is a symbolic link to '{target.FullName}', which does not exist; build or restore the folder it points to, or remove the link."
                : null;
        }
        catch (IOException ex)
        {
            return $"the plugin folder is a symbolic link that cannot be followed: {ex.Message} Point the link at a real folder, or remove it.";
        }
    }

    // A dangling or looping link opens as "not found", yet it is a manifest someone put there, so it is reported, not skipped.
    private static bool IsLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static Candidate Failed(string folder, string message) =>
        new(folder, ReadOnlyMemory<byte>.Empty, new ManifestValidationResult(null, null, false, [new PluginProblem("", message)]));

    /// <summary>Finds the folders that declare a name another folder declares too, with the problem naming the others.</summary>
    private static Dictionary<string, PluginProblem> FindDuplicates(List<Candidate> candidates)
    {
        var byName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (candidate.Result.Name is { } name)
            {
                if (!byName.TryGetValue(name, out var folders))
                {
                    byName[name] = folders = [];
                }

                folders.Add(candidate.Folder);
            }
        }

        var duplicates = new Dictionary<string, PluginProblem>(StringComparer.Ordinal);
        foreach (var (name, folders) in byName)
        {
            if (folders.Count < 2)
            {
                continue;
            }

            foreach (var folder in folders)
            {
                var others = string.Join("', '", folders.Where(f => f != folder));
                duplicates[folder] = new PluginProblem(
                    "$.name",
                    $"'{name}' is also the name of the plugin in '{others}'; plugin names must be unique, so none of these folders is loaded. Rename one of the plugins, or remove the folders you do not want.");
            }
        }

        return duplicates;
    }

    private static string Format(IReadOnlyList<PluginProblem> problems) =>
        string.Join("; ", problems.Select(p => p.Path.Length == 0 ? p.Message : $"{p.Path}: {p.Message}"));

    private sealed record Candidate(string Folder, ReadOnlyMemory<byte> Utf8, ManifestValidationResult Result);
}
