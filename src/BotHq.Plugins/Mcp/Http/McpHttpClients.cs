using System.Net.Http;

namespace BotHq.Plugins.Mcp.Http;

/// <summary>Gives each plugin's transport its <see cref="HttpClient"/>: the named client <c>BotHqPlugins.Mcp.{plugin}</c> of
/// the host's <see cref="IHttpClientFactory"/> (so a host adds proxies, resilience, logging or auth the usual way), or, for a
/// runtime created without dependency injection, a client over one handler shared by the process.</summary>
internal sealed class McpHttpClients
{
    /// <summary>The prefix of each plugin's client name; the plugin's name follows it.</summary>
    public const string NamePrefix = "BotHqPlugins.Mcp.";

    private readonly IHttpClientFactory? _factory;

    public McpHttpClients(IHttpClientFactory? factory) => _factory = factory;

    /// <summary>Gets the clients of a runtime without a factory.</summary>
    public static McpHttpClients Default { get; } = new(null);

    /// <summary>Creates the client of one plugin; the session's timeouts bound its requests, so the client has none.</summary>
    public HttpClient Create(string pluginName)
    {
        var client = _factory?.CreateClient(NamePrefix + pluginName) ?? new HttpClient(Shared.Handler, disposeHandler: false);
        client.Timeout = Timeout.InfiniteTimeSpan;
        return client;
    }

    // Shared by every runtime of the process, as a static HttpClient would be: connections are pooled per server, and the
    // pooled-connection lifetime makes DNS changes count. Redirects are never followed automatically (see the transport).
    // In a holder of its own, created on first use: a field of McpHttpClients would load System.Net.Http with every runtime,
    // a command line's among them, that never opens an HTTP connection.
    private static class Shared
    {
        public static readonly SocketsHttpHandler Handler = CreateHandler();
    }

    /// <summary>Creates the primary handler of a plugin's client: no automatic redirects, connections renewed every few minutes.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    };
}
