namespace BotHq.Plugins.Installation;

/// <summary>Thrown when an archive holds the installed version of a plugin or an older one, and the install was not forced. Nothing was changed.</summary>
public sealed class PluginVersionConflictException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <param name="installedVersion">The version installed now.</param>
    /// <param name="archiveVersion">The version the archive holds.</param>
    public PluginVersionConflictException(string pluginName, string installedVersion, string archiveVersion)
        : this(pluginName, installedVersion, archiveVersion, $"Plugin '{pluginName}' {installedVersion} is installed and the archive holds {archiveVersion}, {(installedVersion == archiveVersion ? "the same version" : "an older one")}; nothing was changed. Install a newer version, or force the install (--force, or force: true) to replace it.")
    {
    }

    private PluginVersionConflictException(string pluginName, string installedVersion, string archiveVersion, string message)
        : base(pluginName, message)
    {
        InstalledVersion = installedVersion;
        ArchiveVersion = archiveVersion;
    }

    /// <summary>Gets the version installed now.</summary>
    public string InstalledVersion { get; }

    /// <summary>Gets the version the archive holds.</summary>
    public string ArchiveVersion { get; }

    /// <summary>Creates the exception for a newer version the shared database holds while this instance has an older folder of it, or none.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <param name="storedVersion">The version the database holds.</param>
    /// <param name="archiveVersion">The version the archive holds, older than <paramref name="storedVersion"/>.</param>
    /// <returns>The exception.</returns>
    internal static PluginVersionConflictException NewerInDatabase(string pluginName, string storedVersion, string archiveVersion) =>
        new(pluginName, storedVersion, archiveVersion,
            $"Plugin '{pluginName}' {storedVersion} is installed (the database holds it: another instance upgraded it, or its folder was removed with its data kept) and the archive holds {archiveVersion}, an older one; nothing was changed. Install {storedVersion} or newer, or force the install (--force, or force: true) to put {archiveVersion} in its place.");
}
