using System.Collections.Frozen;
using System.Text.Json;
using BotHq.Plugins.Loading;
using BotHq.Plugins.Manifest;
using BotHq.Plugins.Storage;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Registry;

/// <summary>Keeps this instance's plugins folder and the shared <c>plugins</c> table in step, and owns enable, settings and credentials.</summary>
/// <remarks>
/// <para>Every guarantee that must hold across processes and instances is made by the database (transactions under a write lock,
/// upserts, compare-and-set). The in-process lock only keeps this process's snapshot in step with what it wrote and read.</para>
/// <para>Each instance discovers its own folder. A sync never lowers the stored version of a plugin (SemVer precedence), except
/// when forced for that plugin; an instance whose folder holds another version than the database serves its own and lists the
/// difference as a problem. An uninstalled plugin's version (and any older one) is not added back by a sync.</para>
/// <para><see cref="RefreshAsync"/> rebuilds the snapshot from the database and this instance's last scan, when another instance
/// (or process) changed the registry.</para>
/// </remarks>
internal sealed partial class PluginRegistry : IDisposable
{
    /// <summary>The problem path under which a difference between this instance's version and the stored one is reported.</summary>
    public const string VersionProblemPath = "version";

    private readonly PluginRuntimeOptions _options;
    private readonly PluginLoader _loader;
    private readonly IPluginRegistryStore _store;
    private readonly CredentialVault _vault;
    private readonly Func<long, string, IPluginStores> _createStores;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile RegistrySnapshot _snapshot = RegistrySnapshot.Empty;
    private DiscoveryResult _discovery = new([], []);

    public PluginRegistry(
        PluginRuntimeOptions options,
        PluginLoader loader,
        IPluginRegistryStore store,
        CredentialVault vault,
        Func<long, string, IPluginStores> createStores,
        ILogger logger)
    {
        _options = options;
        _loader = loader;
        _store = store;
        _vault = vault;
        _createStores = createStores;
        _logger = logger;
        Changes = new ChangeSignal(logger);
    }

    public void Dispose() => _writeGate.Dispose();

    /// <summary>Gets the state after the last sync, change or refresh.</summary>
    public RegistrySnapshot Snapshot => _snapshot;

    /// <summary>Gets the signal fired each time a new snapshot is published (and by the MCP servers' tool list changes).</summary>
    public ChangeSignal Changes { get; }

    /// <summary>Gets a plugin by name.</summary>
    /// <exception cref="PluginNotFoundException">No plugin has that name.</exception>
    public RegisteredPlugin Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _snapshot.Plugins.TryGetValue(name, out var plugin) ? plugin : throw new PluginNotFoundException(name);
    }

    /// <summary>Scans the plugins folder and syncs what it finds with the database in one transaction.</summary>
    /// <param name="forced">A plugin whose folder version is written even when it is older than the stored one or was uninstalled, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the sync before it commits.</param>
    /// <returns>What the plugins' running code must do: stop those whose manifest or folder changed or that are gone.</returns>
    public async Task<IReadOnlyList<RegistryChange>> SyncAsync(string? forced, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var discovery = _loader.Discover(_options.PluginsDirectory, _options.HostVersion);
            if (forced is not null && !discovery.Plugins.Any(p => p.Manifest.Name == forced))
            {
                throw new PluginUnavailableException(forced, "missing", $"Plugin '{forced}' has no valid folder in this instance's plugins folder '{_options.PluginsDirectory}', so there is no local version to write. Deploy its folder here first.");
            }

            var rows = await _store.SyncAsync(stored => PlanSync(discovery, stored, forced), _options.EnableNewPlugins, cancellationToken).ConfigureAwait(false);
            _discovery = discovery;
            var previous = _snapshot;
            var snapshot = await BuildSnapshotAsync(rows, discovery, previous, cancellationToken).ConfigureAwait(false);
            var changes = Compare(previous, snapshot);
            Publish(snapshot);
            LogSynced(_logger, snapshot.Plugins.Count, discovery.Errors.Count);
            return changes;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Rebuilds the snapshot from the database, after another instance (or process) changed the registry; this
    /// instance's folder is not scanned again.</summary>
    /// <returns>What the plugins' running code must do here: stop a disabled, uninstalled or changed plugin's, restart one whose
    /// credentials changed, clear a re-enabled one's failure.</returns>
    public async Task<IReadOnlyList<RegistryChange>> RefreshAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = await _store.ReadAsync(cancellationToken).ConfigureAwait(false);
            var previous = _snapshot;
            var snapshot = await BuildSnapshotAsync(rows, _discovery, previous, cancellationToken).ConfigureAwait(false);
            var changes = Compare(previous, snapshot);

            // A refresh after this instance's own write finds what the write already published: nothing to announce.
            if (changes.Count > 0 || !SameState(previous, snapshot))
            {
                Publish(snapshot);
                LogRefreshed(_logger, snapshot.Plugins.Count, changes.Count);
            }

            return changes;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Chooses, under the database's write lock, the manifests a sync writes.</summary>
    /// <remarks>
    /// A new plugin is written unless its version (or a newer one) was uninstalled; a stored plugin is written when the folder's
    /// manifest text differs and its version is not older than the stored one. <paramref name="forced"/> lifts both refusals for
    /// one plugin.
    /// </remarks>
    private static List<PluginManifestRow> PlanSync(DiscoveryResult discovery, RegistryRows stored, string? forced)
    {
        var rows = stored.Plugins.ToDictionary(r => r.Name, StringComparer.Ordinal);
        var uninstalled = stored.Uninstalled.ToDictionary(u => u.Name, StringComparer.Ordinal);
        var write = new List<PluginManifestRow>();
        foreach (var plugin in discovery.Plugins)
        {
            var (name, version) = (plugin.Manifest.Name, plugin.Manifest.Version);
            var force = name == forced;
            var wanted = rows.TryGetValue(name, out var row)
                ? !plugin.ManifestUtf8.Span.SequenceEqual(row.Manifest) && (force || PluginVersions.Compare(version, row.Version) >= 0)
                : force || !uninstalled.TryGetValue(name, out var gone) || PluginVersions.Compare(version, gone.Version) > 0;
            if (wanted)
            {
                write.Add(new PluginManifestRow(name, version, plugin.ManifestUtf8));
            }
        }

        return write;
    }

    /// <summary>Enables or disables a plugin; persisted, so it survives a restart.</summary>
    public async Task<RegisteredPlugin> SetEnabledAsync(string name, bool enabled, CancellationToken cancellationToken)
    {
        Get(name);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!await _store.SetEnabledAsync(name, enabled, cancellationToken).ConfigureAwait(false))
            {
                throw new PluginNotFoundException(name);
            }

            return Replace(Get(name) with { Enabled = enabled });
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Removes a plugin's row and, by cascade, all of its data, in one transaction, recording its version as uninstalled.
    /// The folder is each host's to delete.</summary>
    public async Task UninstallAsync(string name, CancellationToken cancellationToken)
    {
        Get(name);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _store.UninstallAsync(name, cancellationToken).ConfigureAwait(false);
            var rows = await _store.ReadAsync(cancellationToken).ConfigureAwait(false);
            Publish(await BuildSnapshotAsync(rows, _discovery, _snapshot, cancellationToken).ConfigureAwait(false));
            LogUninstalled(_logger, name);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Validates and merges settings; when any value is bad nothing is written and every bad key is reported.</summary>
    public async Task<PluginSettings> UpdateSettingsAsync(string name, IReadOnlyDictionary<string, JsonElement?> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var plugin = Get(name);
        var problems = SettingsResolver.Validate(plugin.Manifest?.Settings, values);
        if (problems.Count > 0)
        {
            throw new PluginValidationException(name, "settings", problems);
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await _store.UpdateSettingsAsync(name, current => SettingsResolver.Merge(current, values), cancellationToken).ConfigureAwait(false)
                ?? throw new PluginNotFoundException(name);
            plugin = Get(name);
            var settingsProblems = new List<PluginProblem>();
            var settings = SettingsResolver.Resolve(name, plugin.Manifest?.Settings, stored, settingsProblems);
            Replace(plugin with { Settings = settings, SettingsJson = stored, Problems = [.. plugin.Problems.Where(p => !IsSettingsProblem(p)), .. settingsProblems] });
            return settings;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Sets credential values (a null value clears that key); every key must be declared by the plugin.</summary>
    public async Task SetCredentialsAsync(string name, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var plugin = Get(name);
        var problems = new List<PluginProblem>();
        foreach (var (key, value) in values)
        {
            if (plugin.Manifest?.Credentials is not { } definitions || !definitions.ContainsKey(key))
            {
                var known = plugin.Manifest?.Credentials is { Count: > 0 } declared ? string.Join(", ", declared.Keys) : "none";
                problems.Add(new PluginProblem(key, $"The plugin declares no credential '{key}'. Declared credentials: {known}."));
            }
            else if (value is { Length: 0 })
            {
                problems.Add(new PluginProblem(key, $"The value of credential '{key}' is empty; give a value, or clear the credential instead."));
            }
        }

        if (problems.Count > 0)
        {
            throw new PluginValidationException(name, "credentials", problems);
        }

        await ChangeCredentialsAsync(name, current =>
        {
            foreach (var (key, value) in values)
            {
                if (value is null)
                {
                    current.Remove(key);
                }
                else
                {
                    current[key] = value;
                }
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes one credential's value.</summary>
    public Task ClearCredentialAsync(string name, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        Get(name);
        return ChangeCredentialsAsync(name, current => current.Remove(key), cancellationToken);
    }

    /// <summary>Reads a plugin's decrypted credentials from the database.</summary>
    /// <exception cref="PluginCredentialException">The stored credentials cannot be decrypted; the plugin's status then says so.</exception>
    public async Task<Dictionary<string, string>> ReadCredentialsAsync(string name, CancellationToken cancellationToken)
    {
        var stored = await _store.ReadCredentialsAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new PluginNotFoundException(name);
        try
        {
            return await _vault.OpenAsync(name, stored.Blob, cancellationToken).ConfigureAwait(false);
        }
        catch (PluginCredentialException)
        {
            // The key may have gone since the last sync (deleted, or rotated away by another process): the status must stop saying "set".
            await RefreshCredentialStateAsync(name, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes a new credential key, re-encrypts every blob with it in one transaction, then retires the old keys.</summary>
    /// <returns>The number of plugins whose credentials were re-encrypted.</returns>
    public async Task<int> RotateCredentialKeyAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var count = await _vault.RotateAsync(_store, cancellationToken).ConfigureAwait(false);

            // The blobs are new: the snapshot takes them, so the refresh that follows this write finds nothing to restart.
            var rows = await _store.ReadAsync(cancellationToken).ConfigureAwait(false);
            Publish(await BuildSnapshotAsync(rows, _discovery, _snapshot, cancellationToken).ConfigureAwait(false));
            return count;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ChangeCredentialsAsync(string name, Action<Dictionary<string, string>> change, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            FrozenSet<string> keys;
            PluginCredentialException? discarded;
            byte[]? written;
            while (true)
            {
                // Compare-and-set: the new blob is made with no database lock held (a protector may call a remote key vault), and
                // written only if no other process or instance changed the blob meanwhile; otherwise the change is made again on theirs.
                var stored = await _store.ReadCredentialsAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new PluginNotFoundException(name);

                // A blob that can never be read again must not block the change that replaces it: that is how a user recovers
                // from a lost key. A key that could not be reached this time (an I/O error) fails the change and keeps the blob.
                (var current, discarded) = await _vault.OpenForChangeAsync(name, stored.Blob, cancellationToken).ConfigureAwait(false);
                change(current);
                keys = current.Keys.ToFrozenSet(StringComparer.Ordinal);
                written = await _vault.SealAsync(name, current, cancellationToken).ConfigureAwait(false);
                if (await _store.CompareAndSetCredentialsAsync(stored, written, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            if (discarded is not null)
            {
                LogUnreadableCredentialsDiscarded(_logger, name, discarded.Message);
            }

            var plugin = Get(name);
            Replace(plugin with
            {
                CredentialKeys = keys,
                CredentialsBlob = written,
                CredentialsUnreadable = false,
                Problems = [.. plugin.Problems.Where(p => p.Path != CredentialVault.ProblemPath)],
            });
            LogCredentialsChanged(_logger, name, keys.Count);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Reads the plugin's blob again under the write gate and records in the snapshot whether it can be decrypted.</summary>
    private async Task RefreshCredentialStateAsync(string name, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await _store.ReadCredentialsAsync(name, cancellationToken).ConfigureAwait(false);
            if (stored is not null && _snapshot.Plugins.TryGetValue(name, out var plugin))
            {
                var problems = plugin.Problems.Where(p => p.Path != CredentialVault.ProblemPath).ToList();
                var (keys, unreadable) = await OpenKeysAsync(plugin.Name, stored.Blob, problems, cancellationToken).ConfigureAwait(false);
                Replace(plugin with { CredentialKeys = keys, CredentialsBlob = stored.Blob, CredentialsUnreadable = unreadable, Problems = problems });
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<(IReadOnlySet<string> Keys, bool Unreadable)> OpenKeysAsync(string name, byte[]? blob, List<PluginProblem> problems, CancellationToken cancellationToken)
    {
        try
        {
            return ((await _vault.OpenAsync(name, blob, cancellationToken).ConfigureAwait(false)).Keys.ToFrozenSet(StringComparer.Ordinal), false);
        }
        catch (PluginCredentialException ex)
        {
            problems.Add(new PluginProblem(CredentialVault.ProblemPath, ex.Message));
            return (FrozenSet<string>.Empty, true);
        }
    }

    /// <summary>Builds the snapshot from the stored rows and this instance's scan: every stored plugin, served from this
    /// instance's folder when it has one; a folder whose version was uninstalled is listed as a load error.</summary>
    private async Task<RegistrySnapshot> BuildSnapshotAsync(RegistryRows rows, DiscoveryResult discovery, RegistrySnapshot previous, CancellationToken cancellationToken)
    {
        var found = discovery.Plugins.ToDictionary(p => p.Manifest.Name, StringComparer.Ordinal);
        var invalidByName = discovery.Errors.Where(e => e.Name is not null).ToLookup(e => e.Name!, StringComparer.Ordinal);
        var plugins = new Dictionary<string, RegisteredPlugin>(rows.Plugins.Count, StringComparer.Ordinal);
        foreach (var row in rows.Plugins)
        {
            found.TryGetValue(row.Name, out var discovered);
            var plugin = await BuildAsync(row, discovered, invalidByName[row.Name].Any(), previous, cancellationToken).ConfigureAwait(false);
            plugins.Add(plugin.Name, plugin);
        }

        var loadErrors = discovery.Errors.ToList();
        foreach (var uninstalled in rows.Uninstalled)
        {
            if (!plugins.ContainsKey(uninstalled.Name) && found.TryGetValue(uninstalled.Name, out var folder))
            {
                loadErrors.Add(new PluginLoadError { Path = folder.Directory, Name = uninstalled.Name, Errors = [new PluginProblem("", Uninstalled(folder.Manifest.Version, uninstalled.Version))] });
            }
        }

        loadErrors.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new RegistrySnapshot(plugins.ToFrozenDictionary(StringComparer.Ordinal), loadErrors);
    }

    private static string Uninstalled(string localVersion, string uninstalledVersion) =>
        localVersion == uninstalledVersion
            ? $"The plugin was uninstalled (version {uninstalledVersion}, from this or another instance), so its folder is not added back. Remove the folder, deploy a newer version, or call ForceLocalVersionAsync to install this one again."
            : $"The plugin was uninstalled (version {uninstalledVersion}, from this or another instance), and this folder holds the older {localVersion}, so it is not added back. Remove the folder, deploy a version newer than {uninstalledVersion}, or call ForceLocalVersionAsync to install this one again.";

    private async Task<RegisteredPlugin> BuildAsync(PluginRow row, DiscoveredPlugin? discovered, bool hasInvalidManifest, RegistrySnapshot previous, CancellationToken cancellationToken)
    {
        var problems = new List<PluginProblem>();
        PluginManifest? manifest = null;
        string description;
        bool hasUI, hasMcp;
        if (discovered is null)
        {
            (description, hasUI, hasMcp) = DescribeStored(row.Manifest);
            problems.Add(hasInvalidManifest
                ? new PluginProblem("", $"The plugin's plugin.json is now invalid, so it is not loaded; see the load errors for what to fix. Its settings and data are kept.")
                : new PluginProblem("", $"The plugin's folder is not in this instance's plugins folder '{_options.PluginsDirectory}', so it does not run here. Its settings and data are kept until it is uninstalled."));
        }
        else
        {
            manifest = discovered.Manifest;
            description = manifest.Description ?? "";
            hasUI = manifest.Ui is not null;
            hasMcp = manifest.Mcp is not null;
            problems.AddRange(discovered.Problems);
            if (manifest.Version != row.Version)
            {
                problems.Add(new PluginProblem(VersionProblemPath, PluginVersions.Compare(manifest.Version, row.Version) < 0
                    ? $"This instance's folder holds version {manifest.Version}, older than the {row.Version} the shared database holds (written by another instance): this instance keeps serving {manifest.Version} until its folder is updated. A sync never lowers the stored version; ForceLocalVersionAsync does, deliberately."
                    : $"This instance's folder holds version {manifest.Version}, and the shared database holds {row.Version} (forced there by another instance): this instance keeps serving {manifest.Version}. Reload to write it, or update the folder."));
            }
        }

        var settings = SettingsResolver.Resolve(row.Name, manifest?.Settings, row.Settings, problems);

        // Decrypting every plugin's blob on every refresh would cost a key lookup each; an unchanged blob keeps what it had.
        IReadOnlySet<string> keys;
        bool unreadable;
        if (previous.Plugins.TryGetValue(row.Name, out var before) && before.Id == row.Id && BytesEqual(before.CredentialsBlob, row.Credentials))
        {
            (keys, unreadable) = (before.CredentialKeys, before.CredentialsUnreadable);
            problems.AddRange(before.Problems.Where(p => p.Path == CredentialVault.ProblemPath));
        }
        else if (row.Credentials is null or { Length: 0 })
        {
            // Nothing stored, nothing to decrypt: no asynchronous call (whose generic code over the result tuple is compiled at
            // run time) on every start of a runtime whose plugins have no credentials set.
            (keys, unreadable) = (FrozenSet<string>.Empty, false);
        }
        else
        {
            (keys, unreadable) = await OpenKeysAsync(row.Name, row.Credentials, problems, cancellationToken).ConfigureAwait(false);
        }

        return new RegisteredPlugin
        {
            Id = row.Id,
            Name = row.Name,
            Version = manifest?.Version ?? row.Version,
            StoredVersion = row.Version,
            Description = description,
            Directory = discovered?.Directory,
            Manifest = manifest,
            ManifestUtf8 = discovered is null ? row.Manifest : discovered.ManifestUtf8.ToArray(),
            HasUI = hasUI,
            HasMcp = hasMcp,
            Enabled = row.IsEnabled,
            Incompatible = discovered?.Incompatible ?? false,
            Settings = settings,
            SettingsJson = row.Settings,
            CredentialsBlob = row.Credentials,
            CredentialKeys = keys,
            CredentialsUnreadable = unreadable,
            Problems = problems,
            LazyStores = before is not null && before.Id == row.Id
                ? before.LazyStores
                : new Lazy<IPluginStores>(() => _createStores(row.Id, row.Name)),
        };
    }

    /// <summary>Tells what a plugin's running code must do between two snapshots.</summary>
    private static List<RegistryChange> Compare(RegistrySnapshot previous, RegistrySnapshot next)
    {
        var changes = new List<RegistryChange>();
        foreach (var (name, before) in previous.Plugins)
        {
            if (!next.Plugins.TryGetValue(name, out var after))
            {
                changes.Add(new RegistryChange(name, PluginStopReason.Uninstalled));
            }
            else if (before.Id != after.Id || before.Directory != after.Directory || !before.ManifestUtf8.AsSpan().SequenceEqual(after.ManifestUtf8))
            {
                changes.Add(new RegistryChange(name, PluginStopReason.Changed));
            }
            else if (before.Enabled != after.Enabled)
            {
                changes.Add(new RegistryChange(name, after.Enabled ? null : PluginStopReason.Disabled));
            }
            else if (!BytesEqual(before.CredentialsBlob, after.CredentialsBlob))
            {
                changes.Add(new RegistryChange(name, PluginStopReason.CredentialsChanged));
            }
        }

        return changes;
    }

    // What a host can see that a refresh may change without any code to stop: settings, the stored version, the listing's errors.
    private static bool SameState(RegistrySnapshot previous, RegistrySnapshot next) =>
        previous.Plugins.Count == next.Plugins.Count
        && previous.LoadErrors.Count == next.LoadErrors.Count
        && previous.LoadErrors.Zip(next.LoadErrors).All(p => p.First.Path == p.Second.Path && p.First.Name == p.Second.Name && p.First.Errors.Count == p.Second.Errors.Count)
        && next.Plugins.All(p => previous.Plugins.TryGetValue(p.Key, out var before)
            && before.SettingsJson == p.Value.SettingsJson
            && before.StoredVersion == p.Value.StoredVersion
            && before.CredentialsUnreadable == p.Value.CredentialsUnreadable);

    private static bool BytesEqual(byte[]? left, byte[]? right) =>
        left is null ? right is null : right is not null && left.AsSpan().SequenceEqual(right);

    private RegisteredPlugin Replace(RegisteredPlugin plugin)
    {
        var snapshot = _snapshot;
        var plugins = new Dictionary<string, RegisteredPlugin>(snapshot.Plugins, StringComparer.Ordinal) { [plugin.Name] = plugin };
        Publish(snapshot.WithPlugins(plugins));
        return plugin;
    }

    // The one place a snapshot is replaced: whatever replaces it, listeners hear of it.
    private void Publish(RegistrySnapshot snapshot)
    {
        _snapshot = snapshot;
        Changes.Fire();
    }

    private static bool IsSettingsProblem(PluginProblem problem) =>
        problem.Path.StartsWith("settings", StringComparison.Ordinal);

    // A missing plugin is described from the manifest stored when it was last seen.
    private static (string Description, bool HasUI, bool HasMcp) DescribeStored(byte[] manifestUtf8)
    {
        try
        {
            using var document = JsonDocument.Parse(manifestUtf8);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ("", false, false);
            }

            var description = root.TryGetProperty("description", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
            return (description, root.TryGetProperty("ui", out var ui) && ui.ValueKind == JsonValueKind.Object, root.TryGetProperty("mcp", out var mcp) && mcp.ValueKind == JsonValueKind.Object);
        }
        catch (JsonException)
        {
            return ("", false, false);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Synced {Count} plugin(s) with the database; {Invalid} folder(s) failed to load")]
    private static partial void LogSynced(ILogger logger, int count, int invalid);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Uninstalled plugin {Plugin} and all of its data")]
    private static partial void LogUninstalled(ILogger logger, string plugin);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Credentials of plugin {Plugin} changed; {Count} key(s) set")]
    private static partial void LogCredentialsChanged(ILogger logger, string plugin, int count);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "The stored credentials of plugin {Plugin} could not be read, so they were discarded and replaced by this change; set again any other credential the plugin needs. Why they could not be read: {Reason}")]
    private static partial void LogUnreadableCredentialsDiscarded(ILogger logger, string plugin, string reason);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Another instance changed the plugin registry: refreshed {Count} plugin(s); {Changes} plugin(s) to stop or restart here")]
    private static partial void LogRefreshed(ILogger logger, int count, int changes);
}
