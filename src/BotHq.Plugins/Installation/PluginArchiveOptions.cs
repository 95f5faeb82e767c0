namespace BotHq.Plugins.Installation;

/// <summary>Limits on a plugin archive that <see cref="IPluginRuntime.InstallAsync"/> unpacks; an archive over any of them is refused before
/// anything reaches the plugins folder.</summary>
/// <remarks>Sizes are counted in the bytes actually unpacked, never taken from the sizes an archive declares. Validated with the other
/// options when the runtime starts.</remarks>
public sealed class PluginArchiveOptions
{
    /// <summary>Gets or sets the largest number of entries (files and folders) an archive may hold. Default: 20,000.</summary>
    public int MaxEntries { get; set; } = 20_000;

    /// <summary>Gets or sets the largest size of one unpacked file, in bytes. Default: 256 MiB.</summary>
    public long MaxEntryBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Gets or sets the largest size of all unpacked files together, in bytes; also the largest archive accepted. Default: 1 GiB.</summary>
    public long MaxTotalBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Gets or sets the largest ratio of unpacked to compressed size, for one file and for the whole archive, checked once
    /// 1 MiB has been unpacked (a small file of zeros compresses far better, and is harmless). Default: 100.</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>The unpacked size below which the ratio is not checked.</summary>
    internal const long RatioFloorBytes = 1024 * 1024;
}
