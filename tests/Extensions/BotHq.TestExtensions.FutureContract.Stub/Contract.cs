namespace BotHq.Plugins;

/// <summary>The future contract's extension marker.</summary>
public interface IPluginExtension
{
}

/// <summary>The future contract's plugin context.</summary>
public interface IPluginContext
{
}
