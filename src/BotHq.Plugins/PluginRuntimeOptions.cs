namespace BotHq.Plugins;

/// <summary>Options of the plugin runtime; every value has a working default.</summary>
/// <remarks>Validated all at once when the runtime starts; one <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> lists every bad value.</remarks>
public sealed class PluginRuntimeOptions
{
    /// <summary>Gets or sets the folder scanned for plugins, one sub-folder each. Default: <c>~/.bot-hq/plugins</c>; created if missing.</summary>
    public string PluginsDirectory { get; set; } = Path.Combine(DefaultRoot, "plugins");

    /// <summary>Gets or sets the SQLite database file. Default: <c>~/.bot-hq/plugins.db</c>; ignored when <see cref="ConnectionString"/> is set.</summary>
    public string DatabasePath { get; set; } = Path.Combine(DefaultRoot, "plugins.db");

    /// <summary>Gets or sets a full SQLite connection string, used instead of <see cref="DatabasePath"/>. Default: <see langword="null"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the folder holding the key that encrypts credentials. Default: <c>~/.bot-hq/keys</c>.</summary>
    /// <remarks>Keep it apart from the database so that a copy or backup of the database alone reveals no credential.
    /// On Unix the folder is created with mode 0700 and each key file with 0600.</remarks>
    public string KeyDirectory { get; set; } = Path.Combine(DefaultRoot, "keys");

    /// <summary>Gets or sets the key that wraps the credential data keys kept in the database, as the base64 of 32 random bytes.
    /// Default: <see langword="null"/> (the data keys are files in <see cref="KeyDirectory"/>).</summary>
    /// <remarks>
    /// <para>Set it when several host instances share the plugin database (PostgreSQL requires it, or a host's own
    /// <see cref="ICredentialProtector"/>): the data keys then live in the database, each wrapped by this key, so every instance
    /// with the same key reads every credential and a rotation made by one serves all; the database alone still reveals nothing.
    /// Make one with <c>openssl rand -base64 32</c> and give every instance the same value, from a secret store, as configuration
    /// <c>BotHqPlugins:KeyEncryptionKey</c> or the environment variable <c>BotHqPlugins__KeyEncryptionKey</c>.</para>
    /// <para>Losing it loses every stored credential (they must be set again); a different key on one instance makes its credentials
    /// unreadable there, with a message that says so. Never put it in the database or beside it.</para>
    /// </remarks>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>Gets or sets how often an instance on SQLite checks whether another process changed the registry (enabled, settings,
    /// credentials, uninstall, sync). Default: 500 ms; <see cref="Timeout.InfiniteTimeSpan"/> checks never.</summary>
    /// <remarks>One read of a one-row table per check. PostgreSQL is notified of each change instead (<c>LISTEN/NOTIFY</c>) and
    /// does not use this option.</remarks>
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the host's version, compared with each plugin's <c>bot-hq.minVersion</c>. Default: <c>1.0.0</c>.</summary>
    /// <remarks>A plugin that needs a newer host is listed as <see cref="PluginState.Incompatible"/> and its code never runs.</remarks>
    public string HostVersion { get; set; } = "1.0.0";

    /// <summary>Gets or sets a value indicating whether newly discovered plugins start enabled. Default: <see langword="true"/>.</summary>
    /// <remarks>Set it to <see langword="false"/> when an administrator must approve each new plugin.</remarks>
    public bool EnableNewPlugins { get; set; } = true;

    /// <summary>Gets or sets the largest value, in UTF-8 JSON bytes, a plugin may store under one key or id. Default: 1 MiB.</summary>
    public int MaxValueBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets how long one plugin's hook may run, its synchronous part included, before it is reported as timed out
    /// and its token cancelled. Default: 10 seconds.</summary>
    public TimeSpan HookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long one plugin's action may run before it fails and its token is cancelled, and how long
    /// <c>ListActions</c> waits for the plugins' action lists. Default: 30 seconds.</summary>
    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets what the hosted service of <c>AddBotHqPlugins</c> does when the runtime cannot start (its database is corrupt,
    /// locked, read-only, ...). Default: <see cref="PluginStartupFailureMode.KeepHostRunning"/>.</summary>
    /// <remarks>Invalid options fail the host at start either way. A host that calls <see cref="PluginRuntime.InitializeAsync"/> itself
    /// gets the exception from that call and does not use this option.</remarks>
    public PluginStartupFailureMode StartupFailure { get; set; } = PluginStartupFailureMode.KeepHostRunning;

    /// <summary>Gets or sets a value indicating whether the runtime watches the plugins folder and reloads a plugin when its folder
    /// changes. Default: <see langword="false"/> (the CLI's <c>dev</c> command turns it on).</summary>
    /// <remarks>Only changes that can change a plugin count: its plugin.json, a <c>*.dll</c>, <c>*.pdb</c> or <c>*.deps.json</c> in
    /// its folder, the file <c>mcp.entry</c> names, and the folder itself created or removed; a log or cache the plugin writes into
    /// its folder reloads nothing. A new, changed or removed plugin.json is scanned in; a changed plugin has its MCP server stopped
    /// and its extension unloaded, and what was running runs again: the extension loads in a new load context, the server starts
    /// again. Other plugins are untouched; a broken change is listed as the plugin's problems. Each changed folder is reported by
    /// <see cref="PluginRuntime.PluginReloaded"/>. Meant for development: a production host deploys a plugin by installing it
    /// (see <see cref="IPluginRuntime.InstallAsync"/>).</remarks>
    public bool WatchForChanges { get; set; }

    /// <summary>Gets or sets how long the folder must stay unchanged before a change is acted on, so that a build that writes many
    /// files reloads once. Default: 300 ms.</summary>
    public TimeSpan WatchDebounce { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Gets the options of the plugins' MCP servers.</summary>
    public PluginMcpOptions Mcp { get; } = new();

    /// <summary>Gets the limits on the plugin archives <see cref="IPluginRuntime.InstallAsync"/> unpacks.</summary>
    public Installation.PluginArchiveOptions Archives { get; } = new();

    internal static string DefaultRoot =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify), ".bot-hq");
}
