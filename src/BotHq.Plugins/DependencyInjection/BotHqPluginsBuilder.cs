namespace Microsoft.Extensions.DependencyInjection;

internal sealed class BotHqPluginsBuilder(IServiceCollection services) : IBotHqPluginsBuilder
{
    public IServiceCollection Services { get; } = services;
}
