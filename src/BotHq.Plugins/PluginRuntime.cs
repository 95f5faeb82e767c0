using System.Text.Json;
using BotHq.Plugins.DependencyInjection;
using BotHq.Plugins.Extensions;
using BotHq.Plugins.Loading;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Registry;
using BotHq.Plugins.Storage;
using BotHq.Plugins.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace BotHq.Plugins;

/// <summary>The plugin runtime: the facade a host talks to. See <see cref="IPluginRuntime"/>.</summary>
/// <remarks>
/// One instance per plugins folder and database. Thread-safe. Dispose it (or let the host's container do so) to stop every
/// plugin's MCP server and unload every extension; no child process outlives it.
/// </remarks>
public sealed partial class PluginRuntime : IPluginRuntime, IAsyncDisposable, IDisposable
{
    private readonly PluginRuntimeOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IPluginStorage _storage;
    private readonly PluginRegistry _registry;
    private readonly McpManager _mcp;
    private readonly ExtensionHost _extensions;
    private readonly CredentialKeyRing? _keyRing;
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    private volatile bool _initialized;
    private volatile Exception? _initializeFailure;
    private int _disposed;
    private Task? _stopping;

    /// <summary>Creates a runtime.</summary>
    /// <param name="options">The options; validated here, every bad value named in one exception.</param>
    /// <param name="loggerFactory">Creates the runtime's loggers; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="credentialProtector">Encrypts credentials; AES-256-GCM with a key in <see cref="PluginRuntimeOptions.KeyDirectory"/> when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">An option is invalid.</exception>
    public PluginRuntime(
        PluginRuntimeOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        ICredentialProtector? credentialProtector = null)
        : this(options, loggerFactory, timeProvider, credentialProtector, storageFactory: null, httpClientFactory: null)
    {
    }

    /// <summary>Creates a runtime on the storage backend a factory makes (SQLite when <paramref name="storageFactory"/> is
    /// <see langword="null"/>), whose remote MCP servers use the host's named clients (<c>BotHqPlugins.Mcp.{plugin}</c>).</summary>
    internal PluginRuntime(
        PluginRuntimeOptions options,
        ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider,
        ICredentialProtector? credentialProtector,
        IPluginStorageFactory? storageFactory,
        System.Net.Http.IHttpClientFactory? httpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new PluginRuntimeOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PluginRuntimeOptions), validation.Failures);
        }

        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = _loggerFactory.CreateLogger<PluginRuntime>();
        _storage = (storageFactory ?? SqliteStorageFactory.Instance).Create(options, _timeProvider, _loggerFactory);
        ICredentialProtector protector;
        if (credentialProtector is not null)
        {
            protector = credentialProtector;
        }
        else if (options.KeyEncryptionKey is { } keyEncryptionKey)
        {
            protector = new AesGcmCredentialProtector(new DatabaseKeyRing(_storage.CredentialKeys, Convert.FromBase64String(keyEncryptionKey.Trim()), _timeProvider));
        }
        else if (_storage.IsShared)
        {
            _storage.Dispose();
            throw new OptionsValidationException(Options.DefaultName, typeof(PluginRuntimeOptions), [SharedKeysMissing]);
        }
        else
        {
            _keyRing = new CredentialKeyRing(options.KeyDirectory, _timeProvider, _loggerFactory.CreateLogger<CredentialKeyRing>());
            protector = new AesGcmCredentialProtector(_keyRing);
        }

        _registry = new PluginRegistry(
            options,
            new PluginLoader(_loggerFactory.CreateLogger<PluginLoader>()),
            _storage.Registry,
            new CredentialVault(protector),
            CreateStores,
            _loggerFactory.CreateLogger<PluginRegistry>());
        var source = new RuntimePluginSource(_registry, CreateStores, name => new PluginMcp(_mcp!, name), _loggerFactory);
        _mcp = new McpManager(source, options.Mcp, _loggerFactory, _timeProvider, _storage.McpEras)
        {
            HttpClients = httpClientFactory is null ? Mcp.Http.McpHttpClients.Default : new Mcp.Http.McpHttpClients(httpClientFactory),
        };
        _extensions = new ExtensionHost(source, options, _loggerFactory, _timeProvider);

        // Extensions first: on shutdown a hook still running may call its MCP server.
        _codeHosts.Add(_extensions);
        _codeHosts.Add(_mcp);
    }

    /// <summary>The refusal to start a shared database with keys on one machine only.</summary>
    internal const string SharedKeysMissing =
        "PluginRuntimeOptions.KeyEncryptionKey is not set, and the plugin database is shared by host instances (PostgreSQL), so the credential keys cannot live in one machine's key folder. "
        + "Make a key with 'openssl rand -base64 32' and give every instance the same one as BotHqPlugins:KeyEncryptionKey (environment BotHqPlugins__KeyEncryptionKey), from your secret store; or register your own ICredentialProtector.";

    /// <summary>Gets the extension host, for tests that follow an unload.</summary>
    internal ExtensionHost ExtensionHost => _extensions;

    /// <summary>Gets the options the runtime was created with.</summary>
    internal PluginRuntimeOptions RuntimeOptions => _options;

    /// <summary>Gets the runtime's clock.</summary>
    internal TimeProvider TimeProvider => _timeProvider;

    /// <summary>Gets the registry's current snapshot, for tests that look at what an instance holds (settings its extensions see).</summary>
    internal RegistrySnapshot Snapshot => _registry.Snapshot;

    /// <inheritdoc />
    public IReadOnlyList<PluginInfo> Plugins => [.. Ready().Ordered.Select(ToInfo)];

    /// <inheritdoc />
    public IReadOnlyList<PluginLoadError> LoadErrors => Ready().LoadErrors;

    /// <summary>Migrates the database, scans the plugins folder and syncs it with the database. Safe to call again; after it succeeded, later calls do nothing.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the runtime is ready.</returns>
    /// <remarks>With <c>AddBotHqPlugins</c> the hosted service calls it at host start (see <see cref="PluginRuntimeOptions.StartupFailure"/>);
    /// a host without the generic host calls it itself. When it fails, every other member throws <see cref="PluginRuntimeNotInitializedException"/> naming the cause (with the failure as its inner
    /// exception) until a later call succeeds; call it again when <see cref="PluginDatabaseException.IsTransient"/> says the cause can pass.</remarks>
    /// <exception cref="PluginDatabaseException">The database cannot be used: the message names the file and the cause, <see cref="PluginDatabaseException.Failure"/> gives it to code.</exception>
    /// <exception cref="PluginCredentialException">The credential key directory or a key file is open to other users and its mode cannot be changed.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (_initialized)
        {
            return;
        }

        await _initializeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            try
            {
                _keyRing?.SecureModes();
                await _storage.MigrateAsync(cancellationToken).ConfigureAwait(false);
                await _registry.SyncAsync(forced: null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Every database failure leaves here as one PluginDatabaseException naming the database and the cause; the runtime
                // remembers it, so that every later call says why the runtime is not running.
                var failure = _storage.Translate(ex);
                _initializeFailure = failure ?? ex;
                if (failure is null || ReferenceEquals(failure, ex))
                {
                    throw;
                }

                throw failure;
            }

            _initializeFailure = null;
            _initialized = true;
            StartWatching();
            StartFolderWatch();
            LogInitialized(_logger, _registry.Snapshot.Plugins.Count, _registry.Snapshot.LoadErrors.Count, _options.PluginsDirectory);
        }
        finally
        {
            _initializeGate.Release();
        }
    }

    /// <inheritdoc />
    public Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        Ready();
        return SyncAsync(forced: null, cancellationToken);
    }

    /// <inheritdoc />
    public Task ForceLocalVersionAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Ready();
        return SyncAsync(name, cancellationToken);
    }

    private async Task SyncAsync(string? forced, CancellationToken cancellationToken)
    {
        IReadOnlyList<RegistryChange> changes;
        try
        {
            changes = await _registry.SyncAsync(forced, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_storage.Translate(ex) is { } failure && !ReferenceEquals(failure, ex))
        {
            throw failure;
        }

        await ApplyAsync(changes).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IChangeToken GetChangeToken()
    {
        ThrowIfDisposed();
        return _registry.Changes.GetToken();
    }

    /// <inheritdoc />
    public PluginListing GetListing()
    {
        var snapshot = Ready();
        return new PluginListing { Plugins = [.. snapshot.Ordered.Select(ToInfo)], Invalid = snapshot.LoadErrors };
    }

    /// <inheritdoc />
    public PluginInfo GetPlugin(string name) => ToInfo(Find(name));

    /// <inheritdoc />
    public PluginDetails GetDetails(string name)
    {
        var plugin = Find(name);
        return new PluginDetails { Info = ToInfo(plugin), Directory = plugin.Directory, Manifest = plugin.Manifest, Credentials = CredentialStatus(plugin), Mcp = plugin.HasMcp ? _mcp.GetStatus(name) : null };
    }

    /// <inheritdoc />
    public async Task<PluginInfo> SetEnabledAsync(string name, bool enabled, CancellationToken cancellationToken = default)
    {
        Find(name);
        var plugin = await _registry.SetEnabledAsync(name, enabled, cancellationToken).ConfigureAwait(false);
        if (!enabled)
        {
            await StopPluginCodeAsync(name, PluginStopReason.Disabled).ConfigureAwait(false);
        }
        else
        {
            await ResetPluginCodeAsync(name).ConfigureAwait(false);
        }

        return ToInfo(plugin);
    }

    /// <inheritdoc />
    public async Task UninstallAsync(string name, CancellationToken cancellationToken = default)
    {
        Find(name);

        // The row goes first: from then on no call can start the plugin's code again, so the stop below is the last.
        await _registry.UninstallAsync(name, cancellationToken).ConfigureAwait(false);
        await StopPluginCodeAsync(name, PluginStopReason.Uninstalled).ConfigureAwait(false);
    }

    /// <summary>Stops the runtime's work: its watch for changes made elsewhere, every plugin's MCP server and extension. The
    /// runtime stays readable until it is disposed; code that would start a plugin's server or extension again fails.</summary>
    /// <returns>A task that completes when no plugin's code runs any more; every call returns the same task.</returns>
    /// <remarks>The hosted service calls it at host stop; the container that owns the runtime disposes it later.</remarks>
    internal Task StopAsync()
    {
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _stopping, stopping.Task, null) is { } already)
        {
            return already;
        }

        _ = StopCoreAsync(stopping);
        return stopping.Task;
    }

    private async Task StopCoreAsync(TaskCompletionSource stopping)
    {
        try
        {
            await StopFolderWatchAsync().ConfigureAwait(false);
            await StopWatchingAsync().ConfigureAwait(false);
            await DisposePluginCodeAsync().ConfigureAwait(false);
            stopping.SetResult();
        }
#pragma warning disable CA1031 // Handed to every caller of StopAsync through the task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            stopping.SetException(ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _registry.Dispose();
            _storage.Dispose();
            _initializeGate.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private RegistrySnapshot Ready()
    {
        ThrowIfDisposed();
        if (!_initialized)
        {
            if (_initializeFailure is { } failure)
            {
                throw new PluginRuntimeNotInitializedException(NotRunningMessage(failure), failure);
            }

            throw new PluginRuntimeNotInitializedException("The plugin runtime is not initialized: call InitializeAsync first (with AddBotHqPlugins the host does it at start; make sure the host has started).");
        }

        return _registry.Snapshot;
    }

    // Seen by REST clients and health probes: names the database without any path, never a credential.
    private string NotRunningMessage(Exception failure) => failure is PluginDatabaseException database
        ? $"The plugin runtime is not running: {PluginDatabaseErrors.Summary(database.Failure, _storage.DatabaseName)}. "
            + (database.IsTransient
                ? "This can pass without a change: a host built with AddBotHqPlugins retries with backoff (elsewhere, call InitializeAsync again)."
                : "Fix it and restart the host; its log has the full error.")
        : $"The plugin runtime is not running: its initialization failed ({failure.GetType().Name}). Fix it and restart the host; its log has the full error.";

    private RegisteredPlugin Find(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Ready();
        return _registry.Get(name);
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
    }

    private PluginInfo ToInfo(RegisteredPlugin plugin)
    {
        var problems = new List<PluginProblem>(plugin.Problems);
        var missingCredentials = plugin.MissingCredentials;

        // Unreadable credentials are reported by the registry's own problem, which says why; they are not "not set".
        if (missingCredentials.Count > 0 && !plugin.CredentialsUnreadable)
        {
            problems.Add(new PluginProblem("credentials", $"Required credential(s) not set: {string.Join(", ", missingCredentials)}. Set them to start the plugin's MCP server."));
        }

        if (_extensions.IsUnloadPending(plugin.Name))
        {
            problems.Add(new PluginProblem("$.extensions", "The extension's unload is pending: a hook or action it was running ignored cancellation and has not returned. The unload completes when it returns; until then its assembly stays in memory."));
        }

        var failure = GetRuntimeFailure(plugin.Name);
        if (failure is not null)
        {
            problems.Add(failure);
        }

        var state = plugin.Missing ? PluginState.Missing
            : plugin.Incompatible ? PluginState.Incompatible
            : !plugin.Enabled ? PluginState.Disabled
            : missingCredentials.Count > 0 || plugin.CredentialsUnreadable ? PluginState.NeedsConfiguration
            : failure is not null ? PluginState.Failed
            : PluginState.Enabled;
        return new PluginInfo { Name = plugin.Name, Version = plugin.Version, Description = plugin.Description, Enabled = plugin.Enabled, HasUI = plugin.HasUI, HasMcp = plugin.HasMcp, State = state, Problems = problems };
    }

    private static List<PluginCredentialStatus> CredentialStatus(RegisteredPlugin plugin) =>
        plugin.Manifest?.Credentials is { } definitions
            ? [.. definitions.Select(d => new PluginCredentialStatus
            {
                Key = d.Key,
                Label = d.Value.Label,
                Description = d.Value.Description,
                Required = d.Value.Required,
                IsSet = plugin.CredentialKeys.Contains(d.Key),
                IsUnreadable = plugin.CredentialsUnreadable,
            })]
            : [];

    private PluginStores CreateStores(long id, string name) =>
        new PluginStores(_storage, id, name, new JsonSerializerOptions(JsonSerializerDefaults.Web), _options.MaxValueBytes, _timeProvider);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Plugin runtime ready: {Count} plugin(s), {Invalid} invalid folder(s) in {Directory}")]
    private static partial void LogInitialized(ILogger logger, int count, int invalid, string directory);
}
