namespace BotHq.Plugins.AspNetCore;

/// <summary>Options of the endpoints that <c>MapBotHqPlugins</c> maps.</summary>
public sealed class PluginEndpointOptions
{
    /// <summary>The default of <see cref="MaxRequestBodySize"/>: 1 MiB.</summary>
    public const long DefaultMaxRequestBodySize = 1024 * 1024;

    /// <summary>Gets or sets the largest request body, in bytes, an endpoint reads; a larger one is refused with 413. Default: 1 MiB.</summary>
    /// <remarks>Settings, credentials, tool arguments and action contexts are small JSON objects; the limit keeps a client from making the server buffer more.</remarks>
    public long MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>The default of <see cref="MaxArchiveSize"/>: 100 MiB.</summary>
    public const long DefaultMaxArchiveSize = 100L * 1024 * 1024;

    /// <summary>Gets or sets the largest plugin archive, in bytes, the install endpoint reads (it raises the server's own body limit
    /// to this for that endpoint); a larger one is refused with 413. Default: 100 MiB.</summary>
    /// <remarks>The runtime's <c>PluginRuntimeOptions.Archives</c> limits what the archive unpacks to.</remarks>
    public long MaxArchiveSize { get; set; } = DefaultMaxArchiveSize;
}
