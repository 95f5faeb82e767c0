using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace BotHq.Plugins;

/// <summary>The plugin runtime as a host uses it: discovery, state, settings, credentials and data of every plugin.</summary>
/// <remarks>
/// Register it with <c>services.AddBotHqPlugins()</c>, whose hosted service initializes it at host start; or create a
/// <see cref="PluginRuntime"/> directly and call <see cref="PluginRuntime.InitializeAsync"/> once before anything else. Plugin-scoped members take
/// the plugin's name first and throw <see cref="PluginNotFoundException"/> for a name that is not installed.
/// This interface exists so that hosts can mock the runtime in their own tests.
/// </remarks>
public partial interface IPluginRuntime
{
    /// <summary>Gets the installed plugins, ordered by name.</summary>
    /// <exception cref="PluginRuntimeNotInitializedException">Before <see cref="PluginRuntime.InitializeAsync"/> completed.</exception>
    IReadOnlyList<PluginInfo> Plugins { get; }

    /// <summary>Gets the plugin folders whose manifest is invalid, each with every problem found, ordered by path.</summary>
    /// <exception cref="PluginRuntimeNotInitializedException">Before <see cref="PluginRuntime.InitializeAsync"/> completed.</exception>
    IReadOnlyList<PluginLoadError> LoadErrors { get; }

    /// <summary>Scans this instance's plugins folder again: new plugins are added, changed manifests updated, vanished folders marked missing.</summary>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <returns>A task that completes when the new state is visible.</returns>
    /// <remarks>
    /// <para>A plugin whose manifest changed or whose folder vanished has its MCP server stopped and its extension unloaded; they start again on next use.</para>
    /// <para>When several instances share the database, a scan never lowers a plugin's stored version (SemVer order): an instance
    /// whose folder holds an older version serves it and lists a problem that says so (see <see cref="ForceLocalVersionAsync"/>).
    /// A folder whose version was uninstalled, or an older one, is listed in <see cref="LoadErrors"/> and not added back.</para>
    /// </remarks>
    Task ReloadAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes this instance's folder version of a plugin to the database even when the stored one is newer, or the plugin
    /// was uninstalled: the one deliberate way to lower a plugin's version, or to install an uninstalled version again.</summary>
    /// <param name="name">The plugin's name, as its folder in this instance's plugins folder declares it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the new state is visible (on other instances, within their change notice).</returns>
    /// <remarks>Every other plugin is synced as <see cref="ReloadAsync"/> would. Instances with another version keep serving theirs.</remarks>
    /// <exception cref="PluginUnavailableException">This instance's plugins folder has no valid folder for that plugin.</exception>
    Task ForceLocalVersionAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Gets a token that fires on the next change to the plugins or their tools.</summary>
    /// <returns>The current token; once it has fired, call again for a new one (<see cref="ChangeToken.OnChange(Func{IChangeToken?}, Action)"/> does).</returns>
    /// <remarks>
    /// <para>It fires after every change to the registry's state, whoever made it, this instance or another on the same database: a scan (<see cref="PluginRuntime.InitializeAsync"/>,
    /// <see cref="ReloadAsync"/>), enabling, disabling, uninstalling, new settings or credentials; and when a plugin's MCP server
    /// announces that its tool list changed. It may fire when nothing a listener cares about changed: re-read what you need.</para>
    /// <para><see cref="IChangeToken.HasChanged"/> is <see langword="true"/> as soon as the change is visible (before the call
    /// that made it returns). Callbacks run on the thread pool, never on the caller's thread, under the runtime's locks or on an
    /// MCP server's reader; one that throws is logged and the others still run. Holding no token costs nothing.
    /// Works before <see cref="PluginRuntime.InitializeAsync"/> (the first scan fires it).</para>
    /// </remarks>
    IChangeToken GetChangeToken();

    /// <summary>Gets every installed plugin and every invalid folder: the shape the CLI and REST API serialize.</summary>
    /// <returns>The listing; both lists are always present.</returns>
    PluginListing GetListing();

    /// <summary>Gets one installed plugin.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <returns>The plugin.</returns>
    PluginInfo GetPlugin(string name);

    /// <summary>Gets one installed plugin in full: manifest, folder and credential status.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <returns>The plugin's details.</returns>
    PluginDetails GetDetails(string name);

    /// <summary>Enables or disables a plugin; persisted, so it survives a restart.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="enabled">Whether it is enabled.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The plugin after the change.</returns>
    /// <remarks>Disabling stops its MCP server and unloads its extension.</remarks>
    Task<PluginInfo> SetEnabledAsync(string name, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Starts a plugin's code now rather than on first use: loads its extension and starts its MCP server (which lists its tools).</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>What failed, each problem saying how to fix it: the extension's load error (<c>$.extensions</c>) and why the server
    /// did not start (<c>$.mcp</c>); empty when everything started, or when nothing of the plugin may run (it is disabled, missing,
    /// incompatible; a server lacking required credentials is not started either), which its state and problems say.</returns>
    /// <remarks>What started stays running, as after a first use. A command line's <c>show</c> calls it so that it can report
    /// runtime errors before the plugin is used.</remarks>
    Task<IReadOnlyList<PluginProblem>> StartPluginAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Removes a plugin's row and all of its data (settings, credentials, stores) in one transaction, for every instance that shares the database.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>A task that completes when the plugin is gone.</returns>
    /// <remarks>The folder is each host's to delete. The uninstalled version is recorded: an instance that still has a folder of that
    /// version (or an older one) lists it in <see cref="LoadErrors"/> as uninstalled and does not add it back, until the folder is
    /// removed, a newer version appears, or <see cref="ForceLocalVersionAsync"/> installs it again.</remarks>
    Task UninstallAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Gets a plugin's effective settings: the manifest's defaults overlaid with the stored values, read from the database.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The settings, each with its definition.</returns>
    Task<PluginSettings> GetSettingsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Merges setting values: the keys given are changed, a key given as <see langword="null"/> resets to its default, others are kept.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="values">The values by key.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The effective settings after the change.</returns>
    /// <exception cref="PluginValidationException">A key is not declared or a value does not fit its definition; nothing was written, and every bad key is listed.</exception>
    Task<PluginSettings> UpdateSettingsAsync(string name, IReadOnlyDictionary<string, JsonElement?> values, CancellationToken cancellationToken = default);

    /// <summary>Sets credential values, encrypted at rest; a <see langword="null"/> value clears that key.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="values">The values by key; each key must be declared under <c>credentials</c> in plugin.json.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>A task that completes when the credentials are stored.</returns>
    /// <remarks>Write-only: no member returns a value. A running MCP server of the plugin is stopped, so its next call starts it with the new values.
    /// Stored credentials that can no longer be decrypted (their key is lost or damaged) are replaced, with a warning in the log.</remarks>
    /// <exception cref="PluginValidationException">A key is not declared or a value is empty; nothing was written.</exception>
    Task SetCredentialsAsync(string name, IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken = default);

    /// <summary>Clears one credential's value.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="key">The credential's key.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>A task that completes when the value is gone.</returns>
    /// <remarks>Stored credentials that can no longer be decrypted are replaced (none are left), with a warning in the log.</remarks>
    Task ClearCredentialAsync(string name, string key, CancellationToken cancellationToken = default);

    /// <summary>Gets which of a plugin's credentials are set and which required ones are missing; never a value.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <returns>One status per declared credential, in manifest order; <see cref="PluginCredentialStatus.IsUnreadable"/> when the stored
    /// credentials cannot be decrypted.</returns>
    IReadOnlyList<PluginCredentialStatus> GetCredentialStatus(string name);

    /// <summary>Writes a new credential key, re-encrypts every plugin's credentials with it in one transaction, then retires the old key.</summary>
    /// <param name="cancellationToken">Cancels the rotation before its transaction commits.</param>
    /// <returns>The number of plugins whose credentials were re-encrypted.</returns>
    /// <remarks>Interrupted at any point, every credential stays readable.</remarks>
    Task<int> RotateCredentialKeyAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the data stores of a plugin: the same objects its extension's context uses.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <returns>The plugin's stores, bound to it alone.</returns>
    IPluginStores GetStores(string name);

    /// <summary>Removes every plugin's data for a workspace the host deleted.</summary>
    /// <param name="workspaceId">The host's workspace id.</param>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>A task that completes when the data is gone.</returns>
    Task PurgeWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Removes every plugin's data and source links for a task the host deleted.</summary>
    /// <param name="taskId">The host's task id.</param>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>A task that completes when the data is gone.</returns>
    Task PurgeTaskAsync(string taskId, CancellationToken cancellationToken = default);
}
