using BotHq.Plugins.Installation;
using BotHq.Plugins.Loading;
using BotHq.Plugins.Manifest;
using BotHq.Plugins.Registry;
using BotHq.Plugins.Validation;

namespace BotHq.Plugins;

public sealed partial class PluginRuntime
{
    private readonly SemaphoreSlim _installGate = new(1, 1);

    /// <inheritdoc />
    public async Task<PluginInstallResult> InstallAsync(Stream archive, string? expectedSha256 = null, bool force = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        Ready();
        var expected = NormalizeSha256(expectedSha256);
        var plugins = Path.TrimEndingDirectorySeparator(Path.GetFullPath(_options.PluginsDirectory));
        var work = Path.Combine(Path.GetDirectoryName(plugins) ?? plugins, $".bothq-install-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var file = Path.Combine(work, "archive.zip");
            var sha256 = await ArchiveExtractor.CopyAsync(archive, file, _options.Archives, cancellationToken).ConfigureAwait(false);
            if (expected is not null && !string.Equals(expected, sha256, StringComparison.Ordinal))
            {
                throw new PluginArchiveException($"The plugin archive was refused: its SHA-256 is {sha256}, but {expected} was expected. Download it again, or check the checksum you were given. Nothing was installed.");
            }

            var unpacked = Path.Combine(work, "unpacked");
            Directory.CreateDirectory(unpacked);
            await ArchiveExtractor.ExtractAsync(file, unpacked, _options.Archives, cancellationToken).ConfigureAwait(false);
            File.Delete(file);
            var root = FindPluginRoot(unpacked);
            var manifest = await ValidateUnpackedAsync(root, unpacked, cancellationToken).ConfigureAwait(false);

            await _installGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await MoveIntoPlaceAsync(root, manifest, sha256, force, plugins, work, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _installGate.Release();
            }
        }
        finally
        {
            TryDelete(work);
        }
    }

    /// <inheritdoc />
    public async Task RemoveAsync(string name, bool keepData = false, CancellationToken cancellationToken = default)
    {
        var directory = GetDetails(name).Directory;
        await _installGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!keepData)
            {
                await UninstallAsync(name, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await StopPluginCodeAsync(name, PluginStopReason.Changed).ConfigureAwait(false);
            }

            if (directory is null || !Directory.Exists(directory))
            {
                await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
                return;
            }

            var aside = Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(_options.PluginsDirectory)))!, $".bothq-removed-{Guid.NewGuid():N}");
            Directory.Move(directory, aside);
            try
            {
                await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                TryDelete(aside);
            }
        }
        finally
        {
            _installGate.Release();
        }
    }

    private async Task<PluginInstallResult> MoveIntoPlaceAsync(string root, PluginManifest manifest, string sha256, bool force, string plugins, string work, CancellationToken cancellationToken)
    {
        var name = manifest.Name;
        var registered = Ready().Ordered.FirstOrDefault(p => p.Name == name);
        var installed = registered is null ? null : ToInfo(registered);
        var existing = registered?.Directory ?? LoadErrors.FirstOrDefault(e => e.Name == name)?.Path;
        if (registered is not null && installed is not null && !force)
        {
            if (existing is not null && PluginVersions.Compare(manifest.Version, installed.Version) <= 0)
            {
                throw new PluginVersionConflictException(name, installed.Version, manifest.Version);
            }

            // The database may hold a newer version than this folder, or one with no folder here at all (another instance upgraded
            // it, or it was removed with its data kept): installing an older one is a downgrade too. The same version with no folder
            // here brings the plugin back to its kept data.
            if (PluginVersions.Compare(manifest.Version, registered.StoredVersion) < 0)
            {
                throw PluginVersionConflictException.NewerInDatabase(name, registered.StoredVersion, manifest.Version);
            }
        }

        var target = existing ?? Path.Combine(plugins, name);
        if (existing is null && Path.Exists(target))
        {
            throw new PluginArchiveException($"The plugin archive was refused: '{target}' exists but is not a folder of plugin '{name}'; move it out of the plugins folder and install again. Nothing was installed.", name);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(plugins);
        string? aside = null;
        if (existing is not null)
        {
            // Its server and extension are stopped first: on Windows a running folder cannot be renamed, and nowhere should the old
            // code run on from a folder that is about to go.
            await StopPluginCodeAsync(name, PluginStopReason.Changed).ConfigureAwait(false);
            aside = Path.Combine(work, "previous");
            Directory.Move(existing, aside);
        }

        try
        {
            Directory.Move(root, target);
        }
        catch (IOException ex)
        {
            if (aside is not null)
            {
                Directory.Move(aside, existing!);
            }

            throw new PluginArchiveException($"Plugin '{name}' could not be moved into '{target}': {ex.Message} The plugins folder must be on the same file system as its parent folder, where archives are unpacked. Nothing was changed.", name, innerException: ex);
        }

        var problems = await LoadInstalledAsync(name, manifest.Version, target, force).ConfigureAwait(false);
        if (problems is not null)
        {
            Directory.Move(target, Path.Combine(work, "failed"));
            if (aside is not null)
            {
                Directory.Move(aside, existing!);
            }

            await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
            var lines = problems.Select(p => string.IsNullOrEmpty(p.Path) ? $"  - {p.Message}" : $"  - {p.Path}: {p.Message}");
            throw new PluginArchiveException(
                $"Plugin '{name}' {manifest.Version} did not load, so {(aside is null ? "it was removed again" : "the previous version was put back")}:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}",
                name);
        }

        return new PluginInstallResult
        {
            Name = name,
            Version = manifest.Version,
            Sha256 = sha256,
            PreviousVersion = installed?.Version,
            Directory = target,
        };
    }

    /// <summary>Scans the folder in and returns <see langword="null"/> when the plugin is listed with its new version, or why it is not.</summary>
    private async Task<IReadOnlyList<PluginProblem>?> LoadInstalledAsync(string name, string version, string directory, bool force)
    {
        try
        {
            if (force)
            {
                await ForceLocalVersionAsync(name, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await ReloadAsync(CancellationToken.None).ConfigureAwait(false);
                if (LoadErrors.Any(e => e.Name == name && PathsEqual(e.Path, directory)))
                {
                    // Installing is the deliberate act that brings back a version that was uninstalled.
                    await ForceLocalVersionAsync(name, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (PluginException ex)
        {
            return [new PluginProblem("", ex.Message)];
        }

        if (LoadErrors.FirstOrDefault(e => PathsEqual(e.Path, directory)) is { } error)
        {
            return error.Errors;
        }

        var plugin = Plugins.FirstOrDefault(p => p.Name == name);
        return plugin is not null && PluginVersions.Compare(plugin.Version, version) == 0
            ? null
            : [new PluginProblem("", $"after the scan, plugin '{name}' is {(plugin is null ? "not listed" : $"listed with version {plugin.Version}")}, not {version}.")];
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private async Task<PluginManifest> ValidateUnpackedAsync(string root, string unpacked, CancellationToken cancellationToken)
    {
        var validation = await new PluginValidator(_options.HostVersion).ValidateAsync(root, cancellationToken).ConfigureAwait(false);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(root, PluginLoader.ManifestFileName), cancellationToken).ConfigureAwait(false);
        var manifest = new ManifestValidator(_options.HostVersion).Validate(ManifestValidator.SkipByteOrderMark(bytes), root);
        if (!validation.HasErrors && manifest.Manifest is { } valid)
        {
            return valid;
        }

        // Paths relative to the archive: the temporary folder means nothing to whoever made it.
        var prefix = Path.TrimEndingDirectorySeparator(unpacked);
        var problems = validation.Problems
            .Where(p => p.Severity == PluginProblemSeverity.Error)
            .Select(p => new PluginProblem
            {
                Severity = p.Severity,
                File = p.File is null ? null : Relative(p.File, prefix),
                Path = p.Path,
                Message = p.Message.Replace(prefix + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).Replace(prefix, "(archive)", StringComparison.Ordinal),
            })
            .ToList();
        if (problems.Count == 0)
        {
            problems.AddRange(manifest.Problems.Select(p => new PluginProblem { Severity = PluginProblemSeverity.Error, File = PluginLoader.ManifestFileName, Path = p.Path, Message = p.Message }));
        }

        var lines = problems.Select(p => $"  - {p.File}{(string.IsNullOrEmpty(p.Path) ? "" : " " + p.Path)}: {p.Message}");
        throw new PluginArchiveException(
            $"The plugin archive was refused: the plugin inside is invalid (run 'bothq-plugins validate' on its folder for each fix). Nothing was installed.{Environment.NewLine}{string.Join(Environment.NewLine, lines)}",
            validation.Name,
            problems);
    }

    private static string Relative(string file, string prefix) =>
        file.StartsWith(prefix, StringComparison.Ordinal) ? file[prefix.Length..].TrimStart(Path.DirectorySeparatorChar).Replace(Path.DirectorySeparatorChar, '/') : file;

    /// <summary>Finds the folder that holds plugin.json: the archive's root, or its one top folder.</summary>
    private static string FindPluginRoot(string unpacked)
    {
        if (File.Exists(Path.Combine(unpacked, PluginLoader.ManifestFileName)))
        {
            return unpacked;
        }

        var top = Directory.GetFileSystemEntries(unpacked);
        if (top.Length == 1 && Directory.Exists(top[0]) && File.Exists(Path.Combine(top[0], PluginLoader.ManifestFileName)))
        {
            return top[0];
        }

        throw new PluginArchiveException($"The plugin archive was refused: it has no {PluginLoader.ManifestFileName} at its root, nor one folder holding it. Pack the plugin's folder with 'bothq-plugins pack FOLDER'. Nothing was installed.");
    }

    private static string? NormalizeSha256(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var hex = value.Trim();
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new PluginArchiveException($"The expected SHA-256 '{(hex.Length > 80 ? hex[..80] + "..." : hex)}' is not 64 hex digits; give the checksum 'bothq-plugins pack' printed (or sha256sum's first column). Nothing was installed.");
        }

        return hex.ToLowerInvariant();
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder beside the plugins folder is harmless; the install's outcome stands.
        }
    }
}
