using BotHq.Plugins.AspNetCore.Json;
using BotHq.Plugins.Mcp;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BotHq.Plugins.AspNetCore.Health;

/// <summary>Reports whether the plugin runtime runs, and how many plugins are in each state.</summary>
internal sealed class PluginRuntimeHealthCheck : IHealthCheck
{
    private readonly IPluginRuntime _runtime;

    public PluginRuntimeHealthCheck(IPluginRuntime runtime)
    {
        _runtime = runtime;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        PluginListing listing;
        try
        {
            listing = _runtime.GetListing();
        }
        catch (PluginRuntimeNotInitializedException ex)
        {
            // The exception is the runtime's own: it carries no credential and names the database without any path, and says what to do.
            var failure = new Dictionary<string, object>(StringComparer.Ordinal) { ["running"] = false };
            if (ex.InnerException is PluginDatabaseException database)
            {
                failure["cause"] = DatabaseFailureName.Of(database.Failure);
                failure["transient"] = database.IsTransient;
            }

            var description = ex.InnerException is null ? "The plugin runtime is not running: " + ex.Message : ex.Message;
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, description, data: failure));
        }
        catch (ObjectDisposedException ex) when (ex.ObjectName == typeof(PluginRuntime).FullName)
        {
            var failure = new Dictionary<string, object>(StringComparer.Ordinal) { ["running"] = false };
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "The plugin runtime is not running: " + Endpoints.PluginEndpointFilter.RuntimeDisposed, data: failure));
        }

        var failed = listing.Plugins.Where(p => p.State == PluginState.Failed).Select(p => p.Name).ToArray();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["plugins"] = listing.Plugins.Count,
            ["invalid"] = listing.Invalid.Count,
        };
        foreach (var state in Enum.GetValues<PluginState>())
        {
            data[StateKey(state)] = listing.Plugins.Count(p => p.State == state);
        }

        data["failedPlugins"] = failed;

        var servers = McpStates(listing);
        data["mcpRunning"] = servers.Count(s => s.State == McpServerState.Running);
        data["mcpCrashed"] = servers.Count(s => s.State == McpServerState.Crashed);
        data["mcpFailed"] = servers.Count(s => s.State == McpServerState.Failed);
        var crashed = servers.Where(s => s.State == McpServerState.Crashed).Select(s => s.Plugin).ToArray();
        data["crashedMcpServers"] = crashed;

        var summary = $"{listing.Plugins.Count} plugin(s): {failed.Length} failed, {listing.Invalid.Count} invalid folder(s), {servers.Count(s => s.State == McpServerState.Running)} MCP server(s) running, {crashed.Length} crashed.";
        if (failed.Length > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"{summary} Failed: {string.Join(", ", failed)}. Reset or re-enable them once the cause is fixed.", data: data));
        }

        if (crashed.Length > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"{summary} Crashed MCP servers (restarted on their next call): {string.Join(", ", crashed)}.", data: data));
        }

        if (listing.Invalid.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"{summary} List the plugins to see why each folder is invalid.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(summary, data));
    }

    private List<(string Plugin, McpServerState State)> McpStates(PluginListing listing)
    {
        var states = new List<(string, McpServerState)>();
        foreach (var plugin in listing.Plugins.Where(p => p.HasMcp))
        {
            try
            {
                states.Add((plugin.Name, _runtime.GetMcpStatus(plugin.Name).State));
            }
            catch (PluginNotFoundException)
            {
                // Uninstalled since the listing was read.
            }
        }

        return states;
    }

    private static string StateKey(PluginState state) => state switch
    {
        PluginState.Missing => "missing",
        PluginState.Incompatible => "incompatible",
        PluginState.Disabled => "disabled",
        PluginState.NeedsConfiguration => "needsConfiguration",
        PluginState.Failed => "failed",
        _ => "enabled",
    };
}
