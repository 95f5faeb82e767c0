namespace BotHq.Plugins.Registry;

/// <summary>What a plugin's running code must do after the registry's state changed: stop for a reason, or clear a failure (re-enabled).</summary>
/// <param name="Name">The plugin.</param>
/// <param name="StopReason">Why its code stops, or <see langword="null"/> when it was enabled and only its failed state is cleared.</param>
internal sealed record RegistryChange(string Name, PluginStopReason? StopReason);
