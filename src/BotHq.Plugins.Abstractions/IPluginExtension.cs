namespace BotHq.Plugins;

/// <summary>Marks a plugin's extension: the one class in its extension assembly that the runtime creates.</summary>
/// <remarks>
/// <para>The extension assembly (named by <c>extensions</c> in plugin.json) must contain exactly one public, non-abstract class
/// implementing this interface, with a public constructor taking an <see cref="IPluginContext"/>. The class implements the hook
/// interfaces it needs (<see cref="ITaskCreatedHook"/>, <see cref="IAgentStartHook"/>, ...) and <see cref="IPluginActionProvider"/>
/// to offer actions; a hook it does not implement is never called.</para>
/// <para>The runtime creates the class once, on first use, in the plugin's own assembly load context, and keeps it until the plugin
/// is disabled, uninstalled or reloaded. If it implements <see cref="IAsyncDisposable"/> it is disposed before it is unloaded.
/// Hooks and actions may run concurrently, on thread-pool threads; keep the class thread-safe. Keep the constructor trivial (it
/// runs on the thread of the first hook or action, outside any timeout), await rather than block in hooks, and honour each
/// call's cancellation token: it is cancelled when the call times out, and a hook that ignores it keeps its thread and keeps its
/// plugin from unloading until it returns. The token is the call's own; one kept after the call is never cancelled by another call.</para>
/// </remarks>
public interface IPluginExtension
{
}
