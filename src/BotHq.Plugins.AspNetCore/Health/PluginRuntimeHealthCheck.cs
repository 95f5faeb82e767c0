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
            // The exception is the runtime's own and carries no credential; its message tells the operator what to do.
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "The plugin runtime is not running: " + ex.Message));
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

        var summary = $"{listing.Plugins.Count} plugin(s): {failed.Length} failed, {listing.Invalid.Count} invalid folder(s).";
        if (failed.Length > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"{summary} Failed: {string.Join(", ", failed)}. Reset or re-enable them once the cause is fixed.", data: data));
        }

        if (listing.Invalid.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"{summary} List the plugins to see why each folder is invalid.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(summary, data));
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
