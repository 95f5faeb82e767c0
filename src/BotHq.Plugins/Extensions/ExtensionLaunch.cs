using BotHq.Plugins.Registry;

namespace BotHq.Plugins.Extensions;

/// <summary>What the extension host needs to load one plugin's extension assembly.</summary>
/// <param name="PluginName">The plugin.</param>
/// <param name="PluginDirectory">The full path of the plugin's folder.</param>
/// <param name="AssemblyPath">The full path of the extension assembly (the manifest's <c>extensions</c>, validated to stay inside the folder).</param>
/// <param name="Context">The plugin's context, handed to the extension's constructor.</param>
/// <param name="Secrets">The credential values handed to the plugin's code, masked in whatever the host shows of its failures.</param>
internal sealed record ExtensionLaunch(
    string PluginName,
    string PluginDirectory,
    string AssemblyPath,
    IPluginContext Context,
    PluginSecrets Secrets);
