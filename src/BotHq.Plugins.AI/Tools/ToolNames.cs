using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BotHq.Plugins.AI.Tools;

/// <summary>Makes the names models call tools by: <c>{plugin}_{tool}</c> within <c>^[a-zA-Z0-9_-]{1,64}$</c>.</summary>
internal static class ToolNames
{
    /// <summary>The longest name model APIs accept.</summary>
    public const int MaxLength = 64;

    private const int HashLength = 8;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    /// <summary>Gets <c>{plugin}_{tool}</c> with every other character (a whole surrogate pair counting as one) replaced by <c>_</c>.</summary>
    /// <param name="plugin">The plugin's name.</param>
    /// <param name="tool">The tool's name.</param>
    /// <param name="exact">Whether nothing was replaced.</param>
    public static string Clean(string plugin, string tool, out bool exact)
    {
        var raw = string.Concat(plugin, "_", tool);
        if (!raw.AsSpan().ContainsAnyExcept(Allowed))
        {
            exact = true;
            return raw;
        }

        exact = false;
        var builder = new StringBuilder(raw.Length);
        foreach (var rune in raw.EnumerateRunes())
        {
            builder.Append(rune.IsAscii && Allowed.Contains((char)rune.Value) ? (char)rune.Value : '_');
        }

        return builder.ToString();
    }

    /// <summary>Gets the cleaned name cut to leave room for <c>_</c> and a hash of the plugin and tool names (and the attempt, after the first).</summary>
    public static string Hashed(string cleaned, string plugin, string tool, int attempt)
    {
        var key = attempt == 0 ? $"{plugin}\0{tool}" : string.Create(CultureInfo.InvariantCulture, $"{plugin}\0{tool}\0{attempt}");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        var prefix = cleaned.AsSpan(0, Math.Min(cleaned.Length, MaxLength - HashLength - 1));
        return string.Concat(prefix, "_", Convert.ToHexStringLower(hash[..(HashLength / 2)]));
    }
}
