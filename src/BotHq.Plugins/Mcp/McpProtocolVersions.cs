namespace BotHq.Plugins.Mcp;

/// <summary>The MCP protocol revisions this client speaks, and which era each belongs to.</summary>
/// <remarks>Revision strings are dates; comparing them ordinally orders them in time, as the specification prescribes.</remarks>
internal static class McpProtocolVersions
{
    public const string V20241105 = "2024-11-05";
    public const string V20250326 = "2025-03-26";
    public const string V20250618 = "2025-06-18";
    public const string V20251125 = "2025-11-25";
    public const string V20260728 = "2026-07-28";

    /// <summary>Gets the revisions negotiated with <c>initialize</c>, newest first.</summary>
    public static IReadOnlyList<string> Handshake { get; } = [V20251125, V20250618, V20250326, V20241105];

    /// <summary>Gets the revisions without a handshake (<c>server/discover</c> and per-request <c>_meta</c>), newest first.</summary>
    public static IReadOnlyList<string> PerRequest { get; } = [V20260728];

    /// <summary>Gets every revision this client speaks, newest first.</summary>
    public static IReadOnlyList<string> All { get; } = [V20260728, V20251125, V20250618, V20250326, V20241105];

    public static string LatestHandshake => V20251125;

    public static bool IsHandshake(string? version) => version is not null && Handshake.Contains(version, StringComparer.Ordinal);

    public static bool IsPerRequest(string? version) => version is not null && PerRequest.Contains(version, StringComparer.Ordinal);

    public static bool IsSupported(string? version) => IsHandshake(version) || IsPerRequest(version);

    /// <summary>Picks the newest of the offered revisions that is also in <paramref name="ours"/>.</summary>
    public static string? Newest(IEnumerable<string>? offered, IReadOnlyList<string> ours) =>
        offered?.Where(version => ours.Contains(version, StringComparer.Ordinal)).OrderDescending(StringComparer.Ordinal).FirstOrDefault();
}
