using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace BotHq.Plugins.Mcp.Http;

/// <summary>Gives every plugin's named client (<c>BotHqPlugins.Mcp.{plugin}</c>) a primary handler that does not follow
/// redirects; registered before the host's own configuration, so a host's <c>ConfigurePrimaryHttpMessageHandler</c> still wins.</summary>
internal sealed class McpHttpClientDefaults : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (name is not null && name.StartsWith(McpHttpClients.NamePrefix, StringComparison.Ordinal))
        {
            options.HttpMessageHandlerBuilderActions.Add(static builder => builder.PrimaryHandler = McpHttpClients.CreateHandler());
        }
    }

    public void Configure(HttpClientFactoryOptions options)
    {
        // Only the plugins' named clients are ours.
    }
}
