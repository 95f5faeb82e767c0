namespace BotHq.TestExtensions.ThrowingCtor;

/// <summary>An extension whose constructor throws.</summary>
public sealed class ThrowingCtorExtension : IPluginExtension
{
    public ThrowingCtorExtension(IPluginContext context)
    {
        throw new InvalidOperationException($"Plugin '{context.PluginName}' refuses to start: the constructor throws on purpose.");
    }
}
