namespace BotHq.Plugins;

/// <summary>Marks a plugin's extension: the one class in its extension assembly that the runtime creates.</summary>
/// <remarks>
/// <para>The extension assembly (named by <c>extensions</c> in plugin.json) must contain exactly one public, non-abstract class
/// implementing this interface, with a public constructor taking an <see cref="IPluginContext"/>. The class implements the hook
/// interfaces it needs (<see cref="ITaskCreatedHook"/>, <see cref="IAgentStartHook"/>, ...) and <see cref="IPluginActionProvider"/>
/// to offer actions; a hook it does not implement is never called.</para>
/// <para>The runtime creates the class once, on first use, in the plugin's own assembly load context, and keeps it until the plugin
/// is disabled, uninstalled or reloaded. If it implements <see cref="IAsyncDisposable"/> it is disposed before it is unloaded.
/// Hooks and actions may run concurrently; keep the class thread-safe. Return from a hook promptly and honour its cancellation
/// token: its synchronous part runs on the caller's thread, and a hook that ignores cancellation keeps its plugin from unloading.</para>
/// </remarks>
public interface IPluginExtension
{
}
