using System.Collections.Frozen;
using System.Text.Json;
using BotHq.Plugins.Loading;
using BotHq.Plugins.Manifest;
using BotHq.Plugins.Storage;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Registry;

/// <summary>Keeps the plugins on disk and the <c>plugins</c> table in step, and owns enable, settings and credentials.</summary>
/// <remarks>
/// Every guarantee that must hold across processes is made by the database (transactions under the write lock, upserts).
/// The in-process lock only keeps this process's snapshot in step with what it wrote.
/// </remarks>
internal sealed partial class PluginRegistry : IDisposable
{
    private readonly PluginRuntimeOptions _options;
    private readonly PluginLoader _loader;
    private readonly IPluginRegistryStore _store;
    private readonly CredentialVault _vault;
    private readonly Func<long, string, IPluginStores> _createStores;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile RegistrySnapshot _snapshot = RegistrySnapshot.Empty;

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

    /// <summary>Gets the state after the last sync or change.</summary>
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
    /// <returns>The names of the plugins whose manifest changed or that disappeared, so their running code can be stopped.</returns>
    public async Task<IReadOnlyList<string>> SyncAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var discovery = _loader.Discover(_options.PluginsDirectory, _options.HostVersion);
            var rows = (await _store.SyncAsync(stored => PlanSync(discovery, stored), _options.EnableNewPlugins, cancellationToken).ConfigureAwait(false)).Plugins;

            var found = discovery.Plugins.ToDictionary(p => p.Manifest.Name, StringComparer.Ordinal);
            var invalidByName = discovery.Errors.Where(e => e.Name is not null).ToLookup(e => e.Name!, StringComparer.Ordinal);
            var previous = _snapshot;
            var plugins = new Dictionary<string, RegisteredPlugin>(rows.Count, StringComparer.Ordinal);
            var changed = new List<string>();
            foreach (var row in rows)
            {
                found.TryGetValue(row.Name, out var discovered);
                var plugin = Build(row, discovered, invalidByName[row.Name].Any(), previous);
                plugins.Add(plugin.Name, plugin);
                if (previous.Plugins.TryGetValue(plugin.Name, out var before)
                    && (!before.ManifestUtf8.AsSpan().SequenceEqual(plugin.ManifestUtf8) || before.Directory != plugin.Directory || before.Id != plugin.Id))
                {
                    changed.Add(plugin.Name);
                }
            }

            changed.AddRange(previous.Plugins.Keys.Where(name => !plugins.ContainsKey(name)));
            Publish(new RegistrySnapshot(plugins.ToFrozenDictionary(StringComparer.Ordinal), discovery.Errors));
            LogSynced(_logger, plugins.Count, discovery.Errors.Count);
            return changed;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Chooses, under the database's write lock, the manifests a sync writes: a new plugin, or a manifest whose text changed.</summary>
    private static List<PluginManifestRow> PlanSync(DiscoveryResult discovery, RegistryRows stored) =>
        PluginManifestRow.NewOrChanged(discovery.Plugins.Select(p => new PluginManifestRow(p.Manifest.Name, p.Manifest.Version, p.ManifestUtf8)), stored);

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

    /// <summary>Removes a plugin's row and, by cascade, all of its data, in one transaction. The folder is the host's to delete.</summary>
    public async Task UninstallAsync(string name, CancellationToken cancellationToken)
    {
        Get(name);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _store.UninstallAsync(name, cancellationToken).ConfigureAwait(false);
            var snapshot = _snapshot;
            Publish(snapshot.WithPlugins(snapshot.Plugins.Where(p => p.Key != name)));
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
            Replace(plugin with { Settings = settings, Problems = [.. plugin.Problems.Where(p => !IsSettingsProblem(p)), .. settingsProblems] });
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
            return _vault.Open(name, stored.Blob);
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
            return await _vault.RotateAsync(_store, cancellationToken).ConfigureAwait(false);
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
            while (true)
            {
                // Compare-and-set: the new blob is made with no database lock held (a protector may call a remote key vault), and
                // written only if no other process or instance changed the blob meanwhile; otherwise the change is made again on theirs.
                var stored = await _store.ReadCredentialsAsync(name, cancellationToken).ConfigureAwait(false) ?? throw new PluginNotFoundException(name);

                // A blob that can never be read again must not block the change that replaces it: that is how a user recovers
                // from a lost key. A key that could not be reached this time (an I/O error) fails the change and keeps the blob.
                var current = _vault.OpenForChange(name, stored.Blob, out discarded);
                change(current);
                keys = current.Keys.ToFrozenSet(StringComparer.Ordinal);
                if (await _store.CompareAndSetCredentialsAsync(stored, _vault.Seal(name, current), cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            if (discarded is not null)
            {
                LogUnreadableCredentialsDiscarded(_logger, name, discarded.Message);
            }

            var plugin = Get(name);
            Replace(plugin with { CredentialKeys = keys, CredentialsUnreadable = false, Problems = [.. plugin.Problems.Where(p => p.Path != CredentialVault.ProblemPath)] });
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
                Replace(WithCredentials(plugin, stored.Blob));
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private RegisteredPlugin WithCredentials(RegisteredPlugin plugin, byte[]? blob)
    {
        var problems = plugin.Problems.Where(p => p.Path != CredentialVault.ProblemPath).ToList();
        var (keys, unreadable) = OpenKeys(plugin.Name, blob, problems);
        return plugin with { CredentialKeys = keys, CredentialsUnreadable = unreadable, Problems = problems };
    }

    private (IReadOnlySet<string> Keys, bool Unreadable) OpenKeys(string name, byte[]? blob, List<PluginProblem> problems)
    {
        try
        {
            return (_vault.Open(name, blob).Keys.ToFrozenSet(StringComparer.Ordinal), false);
        }
        catch (PluginCredentialException ex)
        {
            problems.Add(new PluginProblem(CredentialVault.ProblemPath, ex.Message));
            return (FrozenSet<string>.Empty, true);
        }
    }

    private RegisteredPlugin Build(PluginRow row, DiscoveredPlugin? discovered, bool hasInvalidManifest, RegistrySnapshot previous)
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
                : new PluginProblem("", $"The plugin's folder is no longer in '{_options.PluginsDirectory}'. Its settings and data are kept until it is uninstalled."));
        }
        else
        {
            manifest = discovered.Manifest;
            description = manifest.Description ?? "";
            hasUI = manifest.Ui is not null;
            hasMcp = manifest.Mcp is not null;
            problems.AddRange(discovered.Problems);
        }

        var settings = SettingsResolver.Resolve(row.Name, manifest?.Settings, row.Settings, problems);
        var (keys, unreadable) = OpenKeys(row.Name, row.Credentials, problems);

        return new RegisteredPlugin
        {
            Id = row.Id,
            Name = row.Name,
            Version = row.Version,
            Description = description,
            Directory = discovered?.Directory,
            Manifest = manifest,
            ManifestUtf8 = row.Manifest,
            HasUI = hasUI,
            HasMcp = hasMcp,
            Enabled = row.IsEnabled,
            Incompatible = discovered?.Incompatible ?? false,
            Settings = settings,
            CredentialKeys = keys,
            CredentialsUnreadable = unreadable,
            Problems = problems,
            LazyStores = previous.Plugins.TryGetValue(row.Name, out var existing) && existing.Id == row.Id
                ? existing.LazyStores
                : new Lazy<IPluginStores>(() => _createStores(row.Id, row.Name)),
        };
    }

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
}
