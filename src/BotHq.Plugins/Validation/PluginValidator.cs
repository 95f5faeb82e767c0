using System.Globalization;
using BotHq.Plugins.Loading;
using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Validation;

/// <summary>Checks a plugin folder for every mistake that can be found without running the plugin, each reported with its fix.</summary>
/// <remarks>
/// The checks: the manifest rules (as the runtime applies them when it loads the folder); members the runtime does not read,
/// as warnings with a "did you mean" for near-misses; that the files named by <c>mcp.entry</c>, <c>extensions</c> and
/// <c>ui</c> exist; that the contract assembly (BotHq.Plugins.Abstractions.dll) is not shipped inside the plugin; and that the
/// extension loads. The extension is the one piece of plugin code validation runs: it is loaded by the runtime's own loader, in
/// a throwaway runtime on a temporary database and a collectible load context, and its constructor is called with that
/// runtime's context; the runtime, the load context and the temporary files are gone when validation returns. With
/// <see cref="StartServer"/>, the MCP server is started too, in that same throwaway runtime: it negotiates, lists its tools, and
/// every name of <c>mcp.tools</c> it does not offer is an error with a "did you mean"; then it is stopped.
/// Thread-safe.
/// </remarks>
public sealed class PluginValidator
{
    private const string ContractFileName = "BotHq.Plugins.Abstractions.dll";

    private readonly string _hostVersion;

    /// <summary>Creates a validator for the default host version, <c>1.0.0</c>, as <see cref="PluginRuntimeOptions.HostVersion"/>'s default.</summary>
    public PluginValidator()
        : this("1.0.0")
    {
    }

    /// <summary>Creates a validator.</summary>
    /// <param name="hostVersion">The host version a plugin's <c>bot-hq.minVersion</c> is compared with (SemVer 2.0), as <see cref="PluginRuntimeOptions.HostVersion"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="hostVersion"/> is not a SemVer 2.0 version.</exception>
    /// <remarks>Two constructors rather than an optional parameter: a default value compiles into the caller, so a later default would not reach it.</remarks>
    public PluginValidator(string hostVersion)
    {
        _ = new ManifestValidator(hostVersion);   // throws for a bad version, with the fix
        _hostVersion = hostVersion;
    }

    /// <summary>Gets whether validation also starts the plugin's MCP server (<c>validate --start</c>): it negotiates, lists its
    /// tools, and the manifest's <c>mcp.tools</c> is checked against them; then the server is stopped. Default: <see langword="false"/>,
    /// so that validation runs no plugin code but the extension's constructor.</summary>
    /// <remarks>A server that needs required credentials is not started (validation has none): that is reported as a warning.</remarks>
    public bool StartServer { get; init; }

    /// <summary>Validates one plugin folder.</summary>
    /// <param name="pluginDirectory">The plugin's folder, the one holding plugin.json.</param>
    /// <param name="cancellationToken">Cancels the validation.</param>
    /// <returns>Every problem found; <see cref="PluginValidation.HasErrors"/> says whether the plugin would fail to load or run.</returns>
    public async Task<PluginValidation> ValidateAsync(string pluginDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginDirectory);
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(pluginDirectory));
        var manifestFile = Path.Combine(folder, PluginLoader.ManifestFileName);
        var problems = new List<PluginProblem>();
        if (!Directory.Exists(folder))
        {
            problems.Add(Error(folder, "", $"the folder '{folder}' does not exist; give the plugin's folder, the one holding {PluginLoader.ManifestFileName}."));
            return Result(folder, null, problems);
        }

        byte[] bytes;
        try
        {
            if (new FileInfo(manifestFile) is { Exists: true, Length: > ManifestValidator.MaxManifestBytes } large)
            {
                problems.Add(Error(manifestFile, "", string.Create(CultureInfo.InvariantCulture,
                    $"{PluginLoader.ManifestFileName} is {large.Length} bytes, over the limit of {ManifestValidator.MaxManifestBytes} bytes (1 MiB); keep the manifest small and move large content into other files in the plugin's folder.")));
                return Result(folder, null, problems);
            }

            bytes = await File.ReadAllBytesAsync(manifestFile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            problems.Add(Error(manifestFile, "", $"{PluginLoader.ManifestFileName} does not exist; a plugin folder needs one, such as {{\"name\": \"my-plugin\", \"version\": \"1.0.0\"}} (see docs/manifest.md and docs/plugin-authoring.md)."));
            return Result(folder, null, problems);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(Error(manifestFile, "", $"{PluginLoader.ManifestFileName} could not be read: {ex.Message} Make sure your user can read the file."));
            return Result(folder, null, problems);
        }

        var utf8 = ManifestValidator.SkipByteOrderMark(bytes);
        var validation = new ManifestValidator(_hostVersion).Validate(utf8, folder);
        foreach (var problem in validation.Problems)
        {
            problems.Add(Error(manifestFile, problem.Path, problem.Message));
        }

        foreach (var unknown in ManifestMemberChecker.FindUnknown(utf8))
        {
            problems.Add(Warning(manifestFile, unknown.Path, unknown.Message));
        }

        if (validation.Manifest is not { } manifest)
        {
            return Result(folder, validation.Name, problems);
        }

        CheckFiles(folder, manifest, manifestFile, problems);
        CheckContractNotShipped(folder, problems);
        var loadExtension = manifest.Extensions is { } extension && File.Exists(Path.Combine(folder, extension));
        var startServer = StartServer && manifest.Mcp is not null && !problems.Any(p => p.Severity == PluginProblemSeverity.Error);
        if (!validation.Incompatible && (loadExtension || startServer))
        {
            await RunAsync(folder, manifest, manifestFile, loadExtension, startServer, problems, cancellationToken).ConfigureAwait(false);
        }

        return Result(folder, manifest.Name, problems);
    }

    private static void CheckFiles(string folder, PluginManifest manifest, string manifestFile, List<PluginProblem> problems)
    {
        if (manifest.Mcp?.Entry is { } entry && !File.Exists(Path.Combine(folder, entry)))
        {
            problems.Add(Error(manifestFile, "$.mcp.entry",
                $"'{entry}' does not exist in '{folder}'{Nearby(folder, entry)}; build the server (its output must be inside the plugin's folder), or fix mcp.entry to name the server's entry file."));
        }

        if (manifest.Extensions is { } extension && !File.Exists(Path.Combine(folder, extension)))
        {
            problems.Add(Error(manifestFile, "$.extensions",
                $"'{extension}' does not exist in '{folder}'{Nearby(folder, extension)}; build the extension and copy its output into the plugin's folder, or fix extensions to name the extension's .dll."));
        }

        if (manifest.Ui is not { } ui)
        {
            return;
        }

        var files = new List<(string Path, string? File)>
        {
            ("$.ui.workspaceSettings", ui.WorkspaceSettings),
            ("$.ui.taskBadge", ui.TaskBadge),
            ("$.ui.taskActions", ui.TaskActions),
        };
        for (var i = 0; i < (ui.Tabs?.Count ?? 0); i++)
        {
            files.Add((string.Create(CultureInfo.InvariantCulture, $"$.ui.tabs[{i}].component"), ui.Tabs![i].Component));
        }

        foreach (var (path, file) in files)
        {
            if (file is not null && !File.Exists(Path.Combine(folder, file)))
            {
                problems.Add(Error(manifestFile, path, $"'{file}' does not exist in '{folder}'{Nearby(folder, file)}; add the file, or fix the path."));
            }
        }
    }

    /// <summary>Names the files beside a missing one that it may have meant: same folder, same extension, near in name.</summary>
    private static string Nearby(string folder, string relative)
    {
        var directory = Path.GetDirectoryName(Path.Combine(folder, relative));
        if (directory is null || !Directory.Exists(directory))
        {
            return "";
        }

        var wanted = Path.GetFileName(relative);
        var candidates = Directory.EnumerateFiles(directory, "*" + Path.GetExtension(wanted))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(f => !f.Equals(ContractFileName, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            return "";
        }

        var prefix = Path.GetDirectoryName(relative)?.Replace('\\', '/') is { Length: > 0 } dir ? dir + "/" : "";
        return ManifestMemberChecker.Suggest(wanted, candidates) is { } near
            ? $" (did you mean '{prefix}{near}'?)"
            : $" (that folder has {string.Join(", ", candidates.Take(5).Select(c => $"'{prefix}{c}'"))})";
    }

    private static void CheckContractNotShipped(string folder, List<PluginProblem> problems)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint, MaxRecursionDepth = 8 };
        foreach (var shipped in Directory.EnumerateFiles(folder, ContractFileName, options))
        {
            problems.Add(Warning(shipped, "$.extensions",
                $"the plugin ships its own {ContractFileName}; the host always provides its copy, so this one is never loaded and only hides a version mismatch. "
                + "Reference the package with ExcludeAssets=\"runtime\" (<PackageReference Include=\"BotHq.Plugins.Abstractions\" ExcludeAssets=\"runtime\" />) and delete the file."));
        }
    }

    private async Task RunAsync(
        string folder, PluginManifest manifest, string manifestFile, bool loadExtension, bool startServer, List<PluginProblem> problems, CancellationToken cancellationToken)
    {
        // A throwaway runtime whose plugins folder holds only a link to this one: the runtime's own discovery, registry, context
        // and extension loader, on a database nobody else sees.
        var temp = Path.Combine(Path.GetTempPath(), "bothq-validate-" + Guid.NewGuid().ToString("N"));
        var plugins = Path.Combine(temp, "plugins");
        var link = Path.Combine(plugins, Path.GetFileName(folder));
        var assembly = manifest.Extensions is { } extensions ? Path.GetFullPath(Path.Combine(folder, extensions)) : manifestFile;
        try
        {
            Directory.CreateDirectory(plugins);
            try
            {
                Directory.CreateSymbolicLink(link, folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(Warning(assembly, "$.extensions", $"the extension was not loaded, because a link to the plugin's folder could not be made in '{plugins}' ({ex.Message}); run validate where links may be created to check it."));
                return;
            }

            var options = new PluginRuntimeOptions
            {
                PluginsDirectory = plugins,
                DatabasePath = Path.Combine(temp, "validate.db"),
                KeyDirectory = Path.Combine(temp, "keys"),
                HostVersion = _hostVersion,
            };
            await using var runtime = new PluginRuntime(options);
            await runtime.InitializeAsync(cancellationToken).ConfigureAwait(false);
            if (loadExtension)
            {
                PluginProblem? error;
                try
                {
                    error = await runtime.LoadExtensionAsync(manifest.Name).ConfigureAwait(false);
                }
                catch (PluginException ex)
                {
                    error = new PluginProblem("$.extensions", ex.Message);
                }

                if (error is not null)
                {
                    problems.Add(Error(assembly, error.Path, error.Message.Replace(link, folder, StringComparison.Ordinal)));
                }
            }

            if (startServer)
            {
                await CheckServerAsync(runtime, manifest, manifestFile, link, folder, problems, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // The link first, on its own: a recursive delete must never reach into the plugin's real folder.
            try
            {
                if (new FileInfo(link).LinkTarget is not null)
                {
                    File.Delete(link);
                }

                Directory.Delete(temp, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A leftover temporary folder is harmless; the validation's outcome stands.
            }
        }
    }

    /// <summary>Starts the server in the throwaway runtime, lists every tool it offers and checks mcp.tools against them.</summary>
    private static async Task CheckServerAsync(
        PluginRuntime runtime, PluginManifest manifest, string manifestFile, string link, string folder, List<PluginProblem> problems, CancellationToken cancellationToken)
    {
        var required = runtime.GetCredentialStatus(manifest.Name).Where(c => c.Required).Select(c => c.Key).ToList();
        if (required.Count > 0)
        {
            problems.Add(Warning(manifestFile, "$.mcp",
                $"the MCP server was not started: it needs the required credentials {string.Join(", ", required)}, which validate does not have. "
                + $"Install the plugin, set them (bothq-plugins credentials {manifest.Name} --set KEY), then check it with 'bothq-plugins tools {manifest.Name}'."));
            return;
        }

        IReadOnlyList<string> offered;
        try
        {
            offered = await runtime.ListOfferedToolNamesAsync(manifest.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (PluginException ex)
        {
            problems.Add(Error(manifestFile, "$.mcp", ex.Message.Replace(link, folder, StringComparison.Ordinal)));
            return;
        }

        var allowed = manifest.Mcp!.Tools ?? [];
        for (var i = 0; i < allowed.Count; i++)
        {
            if (offered.Contains(allowed[i], StringComparer.Ordinal))
            {
                continue;
            }

            var near = ManifestMemberChecker.Suggest(allowed[i], offered) is { } suggestion ? $" (did you mean '{suggestion}'?)" : "";
            var list = offered.Count == 0 ? "no tools" : $"{offered.Count} tool(s): {string.Join(", ", offered.Take(20))}{(offered.Count > 20 ? ", ..." : "")}";
            problems.Add(Error(manifestFile, string.Create(CultureInfo.InvariantCulture, $"$.mcp.tools[{i}]"),
                $"the MCP server does not offer a tool named '{allowed[i]}'{near}; it offers {list}. Fix the name in mcp.tools (names are case-sensitive), or add the tool to the server."));
        }
    }

    private static PluginValidation Result(string folder, string? name, List<PluginProblem> problems) =>
        new() { Folder = folder, Name = name, Problems = problems };

    private static PluginProblem Error(string file, string path, string message) =>
        new() { Severity = PluginProblemSeverity.Error, File = file, Path = path, Message = message };

    private static PluginProblem Warning(string file, string path, string message) =>
        new() { Severity = PluginProblemSeverity.Warning, File = file, Path = path, Message = message };
}
