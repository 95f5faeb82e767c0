namespace BotHq.Plugins.AspNetCore.Endpoints;

/// <summary>Checks route values before they reach the runtime, so a traversal attempt or encoded junk is refused as a bad request.</summary>
internal static class RouteValueRules
{
    /// <summary>The plugin name rule of plugin.json: lowercase letters and digits in groups joined by single hyphens, at most 64 characters.</summary>
    public static bool IsPluginName(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64 || value[0] == '-' || value[^1] == '-')
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var ok = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || (c == '-' && value[i - 1] != '-');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The credential key rule of plugin.json: an environment variable name.</summary>
    public static bool IsCredentialKey(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 256 || char.IsAsciiDigit(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
