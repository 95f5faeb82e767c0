namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The plugin runtime's registration, returned by <c>AddBotHqPlugins</c>: optional parts (other packages) add themselves to it.</summary>
/// <remarks>
/// Packages extend it with methods on this interface, so a host writes one chain, for example
/// <c>services.AddBotHqPlugins(...).AddAITools()</c>. Reach the service collection through <see cref="Services"/>.
/// </remarks>
public interface IBotHqPluginsBuilder
{
    /// <summary>Gets the service collection the runtime was added to.</summary>
    IServiceCollection Services { get; }
}
