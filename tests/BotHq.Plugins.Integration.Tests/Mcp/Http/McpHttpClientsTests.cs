using System.Net.Http;
using BotHq.Plugins.Manifest;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Mcp.Http;
using BotHq.Plugins.Tests.Mcp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotHq.Plugins.Integration.Tests.Mcp.Http;

/// <summary>The seam for hosts: each plugin's client is the named client <c>BotHqPlugins.Mcp.{plugin}</c> of the host's
/// factory, so a handler the host adds (here: a token from the host's own store) reaches the wire, and the runtime's primary
/// handler still refuses to follow redirects.</summary>
[TestFixture]
[NonParallelizable]
public sealed class McpHttpClientsTests
{
    [Test]
    public async Task CallToolAsync_HostAddsAHandlerToThePluginsClient_ItsHeaderReachesTheServer()
    {
        await using var server = await SdkHttpServer.StartAsync();
        var services = new ServiceCollection();
        services.AddBotHqPlugins();
        services.AddHttpClient("BotHqPlugins.Mcp.remote").AddHttpMessageHandler(() => new TokenFromHostStore("host-token-1"));
        await using var provider = services.BuildServiceProvider();
        var launches = new TestLaunchSource().Add(new McpServerLaunch("remote", Path.GetTempPath(), new PluginMcpManifest { Url = server.Endpoint.ToString() }, new Dictionary<string, string>()));
        await using var manager = new McpManager(launches, new PluginMcpOptions(), NullLoggerFactory.Instance, TimeProvider.System)
        {
            HttpClients = new McpHttpClients(provider.GetRequiredService<IHttpClientFactory>()),
        };

        var result = await manager.CallToolAsync("remote", "echo", McpTestBase.Json("""{"text":"hi"}"""), timeout: null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.GetText(), Is.EqualTo("hi"));
            Assert.That(server.Probe.Requests.Select(r => r.Header("Authorization")), Is.All.EqualTo("Bearer host-token-1"));
        });
    }

    [Test]
    public async Task Create_FromTheFactory_PrimaryHandlerDoesNotFollowRedirects()
    {
        await using var target = await SdkHttpServer.StartAsync();
        await using var server = await SdkHttpServer.StartAsync();
        server.Probe.Intercept = context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = target.Endpoint.ToString();
            return Task.FromResult(true);
        };
        var services = new ServiceCollection();
        services.AddBotHqPlugins();
        await using var provider = services.BuildServiceProvider();
        using var client = new McpHttpClients(provider.GetRequiredService<IHttpClientFactory>()).Create("remote");

        using var response = await client.GetAsync(server.Endpoint);

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(307));
            Assert.That(target.Probe.Requests, Is.Empty);
            Assert.That(client.Timeout, Is.EqualTo(Timeout.InfiniteTimeSpan));
        });
    }

    private sealed class TokenFromHostStore(string token) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new("Bearer", token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
