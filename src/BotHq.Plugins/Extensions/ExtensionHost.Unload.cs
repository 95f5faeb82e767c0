namespace BotHq.Plugins.Extensions;

/// <summary>Unloading extensions.</summary>
internal sealed partial class ExtensionHost
{
    /// <summary>Unloads a plugin's extension and forgets its load error; the next hook or action loads it again.</summary>
    /// <param name="pluginName">The plugin.</param>
    /// <returns>The unload. When no hook or action of the plugin is running, it has completed: the extension was disposed and its
    /// load context told to unload. Otherwise it is pending (<see cref="ExtensionUnload.IsPending"/>) and completes when the last
    /// running call returns; until then <see cref="IsUnloadPending"/> reports it.</returns>
    public async Task<ExtensionUnload> UnloadAsync(string pluginName)
    {
        ArgumentNullException.ThrowIfNull(pluginName);
        if (!_slots.TryRemove(pluginName, out var lazy))
        {
            return ExtensionUnload.NotLoaded(pluginName);
        }

        // Waits for a load that another thread has under way, so that it is not left behind loaded.
        if (lazy.Value.Extension is not { } extension)
        {
            return ExtensionUnload.NotLoaded(pluginName);
        }

        ExtensionLog.Unloading(_logger, pluginName);
        var unload = extension.BeginUnload(_options.HookTimeout, _time, LoggerFor(extension.Secrets));
        if (!unload.WasPending)
        {
            // Only the extension's disposal is awaited, and that is bounded by the hook timeout.
            await unload.Completion.ConfigureAwait(false);
            return unload;
        }

        _pendingUnloads.TryAdd(unload, 0);
        _ = unload.Completion.ContinueWith(
            static (_, state) =>
            {
                var (host, unload) = ((ExtensionHost, ExtensionUnload))state!;
                host._pendingUnloads.TryRemove(unload, out var _);
            },
            (this, unload),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return unload;
    }

    /// <summary>Gets a value indicating whether an unload of a plugin's extension still waits for its running code to return.</summary>
    /// <param name="pluginName">The plugin.</param>
    public bool IsUnloadPending(string pluginName)
    {
        ArgumentNullException.ThrowIfNull(pluginName);
        foreach (var unload in _pendingUnloads.Keys)
        {
            if (string.Equals(unload.PluginName, pluginName, StringComparison.Ordinal) && unload.IsPending)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Unloads every extension; waits up to the hook timeout for running hooks and actions to return.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var unloads = new List<Task>();
        foreach (var pluginName in _slots.Keys)
        {
            var unload = await UnloadAsync(pluginName).ConfigureAwait(false);
            unloads.Add(unload.Completion);
        }

        try
        {
            await Task.WhenAll(unloads).WaitAsync(_options.HookTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            ExtensionLog.UnloadsStillPending(_logger, unloads.Count(t => !t.IsCompleted));
        }
    }
}
