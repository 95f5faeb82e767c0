using BotHq.Plugins.Installation;

namespace BotHq.Plugins;

public partial interface IPluginRuntime
{
    /// <summary>Installs or upgrades a plugin from a zip archive into this instance's plugins folder.</summary>
    /// <param name="archive">The archive (as <see cref="PluginArchive.PackAsync"/> writes it), read to its end; need not be seekable.</param>
    /// <param name="expectedSha256">The archive's SHA-256 as 64 hex digits (either case), checked before anything is unpacked; <see langword="null"/> not to check.</param>
    /// <param name="force">Whether to replace an installed plugin with the same or an older version.</param>
    /// <param name="cancellationToken">Cancels the install before the plugin is moved into place.</param>
    /// <returns>What was installed.</returns>
    /// <remarks>
    /// <para>The archive is copied and unpacked into a temporary folder beside the plugins folder (on the same file system) under the limits of
    /// <see cref="PluginRuntimeOptions.Archives"/>; its root holds plugin.json, or it holds exactly one folder that does. The plugin is
    /// validated as <see cref="Validation.PluginValidator"/> does (its extension is loaded in a throwaway context), then moved into the
    /// plugins folder in one rename, as a folder named after the plugin (or the folder of the installed version it replaces).</para>
    /// <para>An upgrade stops the old version's code, renames its folder aside, moves the new one in and scans; the old folder is deleted
    /// only when the new version loads, and is put back otherwise. A refused archive writes nothing to the plugins folder. Installs
    /// on one runtime run one at a time. With several host instances, each has its own plugins folder: install on each.</para>
    /// </remarks>
    /// <exception cref="PluginArchiveException">The checksum does not match, the archive is unsafe or over a limit, or the plugin inside is invalid.</exception>
    /// <exception cref="PluginVersionConflictException">The same or a newer version is installed, or the database holds a newer version than the archive's (another instance upgraded it, or its folder was removed with its data kept), and <paramref name="force"/> is <see langword="false"/>.</exception>
    Task<PluginInstallResult> InstallAsync(Stream archive, string? expectedSha256 = null, bool force = false, CancellationToken cancellationToken = default);

    /// <summary>Removes a plugin from this instance: stops its code and deletes its folder from the plugins folder and, unless
    /// <paramref name="keepData"/>, uninstalls it with all of its data (<see cref="UninstallAsync"/>).</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="keepData">Whether to keep its row, settings, credentials and stores (it is then listed as missing until its folder comes back).</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>A task that completes when the folder is gone and the new state is visible.</returns>
    /// <remarks>The folder is renamed aside in one step, then deleted. Other instances keep their own folders.</remarks>
    Task RemoveAsync(string name, bool keepData = false, CancellationToken cancellationToken = default);
}
