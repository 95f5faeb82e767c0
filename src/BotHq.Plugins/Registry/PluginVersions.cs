using BotHq.Plugins.Manifest;
using Semver;

namespace BotHq.Plugins.Registry;

/// <summary>Compares plugin versions in SemVer 2.0 precedence, the order the registry keeps across instances.</summary>
internal static class PluginVersions
{
    /// <summary>Compares two versions by precedence; a version that does not parse (never one a valid manifest states) sorts first.</summary>
    public static int Compare(string left, string right)
    {
        var l = ManifestValidator.TryParseVersion(left, out var parsedLeft) ? parsedLeft : null;
        var r = ManifestValidator.TryParseVersion(right, out var parsedRight) ? parsedRight : null;
        return (l, r) switch
        {
            (null, null) => string.CompareOrdinal(left, right),
            (null, _) => -1,
            (_, null) => 1,
            _ => SemVersion.ComparePrecedence(l, r),
        };
    }
}
