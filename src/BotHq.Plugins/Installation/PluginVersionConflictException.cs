namespace BotHq.Plugins.Installation;

/// <summary>Thrown when an archive holds the installed version of a plugin or an older one, and the install was not forced. Nothing was changed.</summary>
public sealed class PluginVersionConflictException : PluginException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <param name="installedVersion">The version installed now.</param>
    /// <param name="archiveVersion">The version the archive holds.</param>
    public PluginVersionConflictException(string pluginName, string installedVersion, string archiveVersion)
        : base(pluginName, $"Plugin '{pluginName}' {installedVersion} is installed and the archive holds {archiveVersion}, {(installedVersion == archiveVersion ? "the same version" : "an older one")}; nothing was changed. Install a newer version, or force the install (--force, or force: true) to replace it.")
    {
        InstalledVersion = installedVersion;
        ArchiveVersion = archiveVersion;
    }

    /// <summary>Gets the version installed now.</summary>
    public string InstalledVersion { get; }

    /// <summary>Gets the version the archive holds.</summary>
    public string ArchiveVersion { get; }
}
