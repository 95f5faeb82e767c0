using BotHq.Plugins;

namespace BotHq.TestExtensions.FutureContract;

/// <summary>An extension built against a contract version no host provides.</summary>
public sealed class FutureExtension : IPluginExtension
{
    public FutureExtension(IPluginContext context)
    {
        Context = context;
    }

    public IPluginContext Context { get; }
}
