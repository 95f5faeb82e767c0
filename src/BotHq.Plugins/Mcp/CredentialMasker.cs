namespace BotHq.Plugins.Mcp;

/// <summary>Replaces a plugin's credential values by <c>***</c> in any text shown outside its server: stderr, log lines, error messages.</summary>
internal sealed class CredentialMasker
{
    public const string Mask = "***";

    private readonly string[] _secrets;

    public CredentialMasker(IEnumerable<string> secrets)
    {
        // Longest first, so a secret that contains another is masked whole.
        _secrets = [.. secrets.Where(value => !string.IsNullOrEmpty(value)).Distinct(StringComparer.Ordinal).OrderByDescending(value => value.Length)];
    }

    public string Apply(string text)
    {
        if (_secrets.Length == 0 || string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
