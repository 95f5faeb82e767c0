using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Registry;

/// <summary>Every credential value the runtime has handed to one plugin's code (its extension through
/// <see cref="IPluginCredentials"/>, its MCP server at launch), and a masker over them for the text that code produces.</summary>
/// <remarks>A value is never forgotten while the runtime runs: after a credential is changed, the extension may still hold the old
/// value (in a field, or in its store), so the old value stays masked. A value never handed to the plugin's code cannot be in
/// what it writes, so it need not be known; that keeps the database out of every failure path, most of which are synchronous.</remarks>
internal sealed class PluginSecrets
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private volatile CredentialMasker _masker = CredentialMasker.None;

    /// <summary>Gets the masker over every value handed out so far.</summary>
    public CredentialMasker Masker => _masker;

    /// <summary>Notes values handed to the plugin's code, before they are handed over.</summary>
    public void Remember(IEnumerable<string> values)
    {
        lock (_gate)
        {
            var added = false;
            foreach (var value in values)
            {
                added |= !string.IsNullOrEmpty(value) && _values.Add(value);
            }

            if (added)
            {
                _masker = new CredentialMasker(_values);
            }
        }
    }
}
