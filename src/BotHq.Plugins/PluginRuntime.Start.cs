namespace BotHq.Plugins;

public sealed partial class PluginRuntime
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<PluginProblem>> StartPluginAsync(string name, CancellationToken cancellationToken = default)
    {
        var plugin = Find(name);
        if (plugin.Missing || plugin.Incompatible || !plugin.Enabled || plugin.Manifest is not { } manifest)
        {
            // Nothing of it runs; its state and problems say why.
            return [];
        }

        var problems = new List<PluginProblem>();
        if (manifest.Extensions is not null)
        {
            // Off the caller's thread: the extension's constructor is the plugin's code.
            if (await Task.Run(() => _extensions.EnsureLoaded(name), cancellationToken).ConfigureAwait(false) is { } error)
            {
                problems.Add(error);
            }
        }

        if (manifest.Mcp is not null && plugin.MissingCredentials.Count == 0 && !plugin.CredentialsUnreadable)
        {
            try
            {
                await _mcp.ListToolsAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (PluginException ex) when (ex is not PluginUnavailableException { State: "needs-configuration" or "disabled" })
            {
                problems.Add(new PluginProblem("$.mcp", ex.Message));
            }
        }

        return problems;
    }

    /// <summary>Starts a plugin's MCP server now and lists the name of every tool it offers, before the manifest's allow-list.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The names, as the server listed them.</returns>
    /// <exception cref="PluginException">The plugin may not run, or its server did not start or list its tools.</exception>
    internal Task<IReadOnlyList<string>> ListOfferedToolNamesAsync(string name, CancellationToken cancellationToken)
    {
        Find(name);
        return _mcp.ListOfferedToolNamesAsync(name, cancellationToken);
    }

    /// <summary>Loads a plugin's extension now, as a first hook or action would, and says why it failed.</summary>
    /// <param name="name">The plugin's name.</param>
    /// <returns>The load error (<c>$.extensions</c>), or <see langword="null"/> when the extension loaded.</returns>
    /// <exception cref="PluginException">The plugin is unknown or may not run.</exception>
    internal Task<PluginProblem?> LoadExtensionAsync(string name)
    {
        Find(name);

        // Off the caller's thread: the extension's constructor is the plugin's code.
        return Task.Run(() => _extensions.EnsureLoaded(name));
    }
}
