using System.Globalization;

namespace BotHq.Plugins.Registry;

/// <summary>Orders version-7 ids by their text, which is their creation time.</summary>
internal sealed class GuidTextComparer : IComparer<Guid>
{
    public static readonly GuidTextComparer Instance = new();

    public int Compare(Guid x, Guid y) =>
        string.CompareOrdinal(x.ToString("N", CultureInfo.InvariantCulture), y.ToString("N", CultureInfo.InvariantCulture));
}
