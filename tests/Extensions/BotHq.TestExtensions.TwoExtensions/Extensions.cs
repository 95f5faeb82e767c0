namespace BotHq.TestExtensions.TwoExtensions;

/// <summary>One of two extension classes: the loader cannot tell which one to create.</summary>
public sealed class FirstExtension(IPluginContext context) : IPluginExtension
{
    public IPluginContext Context { get; } = context;
}

/// <summary>The other extension class.</summary>
public sealed class SecondExtension(IPluginContext context) : IPluginExtension
{
    public IPluginContext Context { get; } = context;
}
