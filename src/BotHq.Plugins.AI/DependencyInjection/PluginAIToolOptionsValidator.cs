using System.Text.RegularExpressions;
using BotHq.Plugins.AI;
using Microsoft.Extensions.Options;

namespace BotHq.Plugins.AI.DependencyInjection;

/// <summary>Checks every key of <see cref="PluginAIToolOptions.Approval"/> and reports every bad one at once.</summary>
internal sealed partial class PluginAIToolOptionsValidator : IValidateOptions<PluginAIToolOptions>
{
    public ValidateOptionsResult Validate(string? name, PluginAIToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var key in options.Approval.Keys)
        {
            if (key == "*")
            {
                continue;
            }

            var slash = key.IndexOf('/', StringComparison.Ordinal);
            var plugin = slash < 0 ? key : key[..slash];
            if (!PluginNamePattern().IsMatch(plugin) || slash == key.Length - 1)
            {
                failures.Add($"PluginAIToolOptions.Approval key '{key}' is not \"*\", a plugin name (such as \"github\") or \"plugin/tool\" (such as \"github/delete_issue\"); fix or remove it.");
            }
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    // The manifest's rule for plugin names (lowercase letters and digits, single hyphens between them).
    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex PluginNamePattern();
}
