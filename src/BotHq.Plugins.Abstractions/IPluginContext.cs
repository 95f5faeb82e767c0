using Microsoft.Extensions.Logging;

namespace BotHq.Plugins;

/// <summary>Everything a plugin's extension code may reach, bound to that one plugin.</summary>
/// <remarks>An extension receives its context in its constructor. Every member acts for this plugin only:
/// its stores hold only its rows, its credentials are its own, and its MCP calls go to its own server.</remarks>
public interface IPluginContext
{
    /// <summary>Gets the plugin's name.</summary>
    string PluginName { get; }

    /// <summary>Gets the plugin's version, as its manifest states it.</summary>
    string Version { get; }

    /// <summary>Gets the full path of the plugin's folder.</summary>
    string Directory { get; }

    /// <summary>Gets the plugin's MCP server.</summary>
    IPluginMcp Mcp { get; }

    /// <summary>Gets the plugin's key-value store.</summary>
    IPluginStore Store { get; }

    /// <summary>Gets the plugin's data per host workspace: one value per workspace id.</summary>
    IPluginStore WorkspaceData { get; }

    /// <summary>Gets the plugin's data per host task: one value per task id.</summary>
    IPluginStore TaskData { get; }

    /// <summary>Gets the plugin's task-to-source links.</summary>
    IPluginTaskSources TaskSources { get; }

    /// <summary>Gets the plugin's effective settings as they are now; each read returns the latest snapshot.</summary>
    PluginSettings Settings { get; }

    /// <summary>Gets the plugin's own credentials.</summary>
    IPluginCredentials Credentials { get; }

    /// <summary>Gets a logger under the category <c>BotHq.Plugins.Plugin.{name}</c>.</summary>
    ILogger Logger { get; }
}
