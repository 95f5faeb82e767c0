namespace BotHq.TestExtensions.NoExtension;

/// <summary>Implements the marker but is abstract, so it cannot be the extension.</summary>
public abstract class ExtensionBase : IPluginExtension
{
}

/// <summary>A public class that is not an extension.</summary>
public sealed class Helper
{
    public static string Name => "helper";
}
