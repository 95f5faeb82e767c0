using System.Net.Http;

namespace BotHq.Plugins.Integration.Tests.Mcp.Http;

/// <summary>Gives clients over one handler that never reuses a connection, for tests that stop a server under a live client.</summary>
internal sealed class UnpooledHttpClientFactory : IHttpClientFactory
{
    private static readonly SocketsHttpHandler Handler = new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        PooledConnectionIdleTimeout = TimeSpan.Zero,
    };

    private UnpooledHttpClientFactory()
    {
    }

    /// <summary>Gets the one instance (its handler lives as long as the test process).</summary>
    public static UnpooledHttpClientFactory Instance { get; } = new();

    public HttpClient CreateClient(string name) => new(Handler, disposeHandler: false);
}
