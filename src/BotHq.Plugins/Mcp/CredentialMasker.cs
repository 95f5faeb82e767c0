using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace BotHq.Plugins.Mcp;

/// <summary>Replaces a plugin's credential values by <c>***</c> in text its server produced, before that text is shown outside the
/// server: stderr, log lines, error messages, status. A tool's result is never masked: it is the server's data.</summary>
/// <remarks>
/// <para>Masked: every occurrence of a value, and every run of at least <see cref="FragmentLength"/> characters that is part of
/// one. So a line of a multi-line value is masked however its line ends are written (LF or CRLF) and with its trailing blanks
/// trimmed, as are a value split across lines, the parts of a value on either side of a cut, and a value a logger shortened.
/// The same holds for a value's JSON-escaped forms (<c>\u002B</c>, <c>\u00e9</c>, <c>\n</c>, as System.Text.Json, JavaScript
/// and Python write them), its URL-encoded and its HTML-escaped forms, as a server's own log lines print them.</para>
/// <para>Not masked: a run shorter than <see cref="FragmentLength"/> (it would blank ordinary text; a value that short is
/// masked only whole), and a value the server transforms further (base64, hashed, reversed). Masking keeps a careless server's
/// credentials out of logs and responses; it cannot stop a server that means to reveal its own credential.</para>
/// </remarks>
internal sealed partial class CredentialMasker
{
    /// <summary>What a credential value, or a part of one, is replaced by.</summary>
    public const string Mask = "***";

    /// <summary>The shortest part of a credential value that is masked on its own.</summary>
    public const int FragmentLength = 8;

    /// <summary>How many characters past a cut the masker must see to tell whether the cut falls inside a credential value.</summary>
    public const int CutLookahead = FragmentLength;

    // Every FragmentLength-character window of every form of every value, as the 16 bytes of its UTF-16 code units: exact
    // (no hash collisions) and without a string per window.
    private readonly HashSet<UInt128> _windows = [];

    // A bit per hash of a window's first four characters: most positions of a text are ruled out by one multiply and one bit
    // test before the set is asked. 16 to 32 bits per window (up to 128 KiB) keep false hits under one in sixteen.
    private readonly ulong[] _heads;
    private readonly int _headShift;

    // Forms shorter than a window, matched whole; longest first, so that one containing another is masked whole.
    private readonly string[] _shortForms;

    /// <summary>Initializes a new instance of the <see cref="CredentialMasker"/> class.</summary>
    /// <param name="secrets">The plugin's credential values; empty ones are ignored.</param>
    public CredentialMasker(IEnumerable<string> secrets)
    {
        var shortForms = new HashSet<string>(StringComparer.Ordinal);
        var longForms = new List<string>();
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                foreach (var form in Forms(secret))
                {
                    (form.Length < FragmentLength ? (ICollection<string>)shortForms : longForms).Add(form);
                }
            }
        }

        foreach (var form in longForms)
        {
            for (var i = 0; i + FragmentLength <= form.Length; i++)
            {
                _windows.Add(Window(form.AsSpan(i)));
            }
        }

        var bits = Math.Clamp(BitOperations.Log2(((uint)_windows.Count * 16) | 1) + 1, 6, 20);
        _heads = new ulong[(1 << bits) / 64];
        _headShift = 64 - bits;
        foreach (var form in longForms)
        {
            for (var i = 0; i + FragmentLength <= form.Length; i++)
            {
                var head = HeadHash(form.AsSpan(i));
                _heads[head >> 6] |= 1UL << (int)(head & 63);
            }
        }

        _shortForms = [.. shortForms.OrderByDescending(form => form.Length)];
    }

    /// <summary>Gets a masker with no values, which changes nothing.</summary>
    public static CredentialMasker None { get; } = new([]);

    /// <summary>Gets a value indicating whether there is nothing to mask.</summary>
    public bool IsEmpty => _windows.Count == 0 && _shortForms.Length == 0;

    /// <summary>Masks a text; returns the same instance when it holds no credential value.</summary>
    public string Apply(string text)
    {
        if (IsEmpty || string.IsNullOrEmpty(text) || Find(text) is not { } ranges)
        {
            return text;
        }

        return Render(text, ranges, text.Length);
    }

    /// <summary>Masks a text, then cuts it after about <paramref name="maxChars"/> characters: never inside a masked value (the
    /// cut moves to the end of the value it would split, or to its start when the text ends inside the value) nor inside a
    /// surrogate pair.</summary>
    /// <param name="text">The text, with <see cref="CutLookahead"/> characters past <paramref name="maxChars"/> where there are
    /// more, so that a value across the cut is seen.</param>
    /// <param name="maxChars">Where to cut.</param>
    /// <param name="consumed">How many characters of <paramref name="text"/> the result covers.</param>
    /// <returns>The masked text up to the cut.</returns>
    public string ApplyAndCut(string text, int maxChars, out int consumed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        var ranges = IsEmpty ? null : Find(text);
        var cut = Math.Min(maxChars, text.Length);
        foreach (var (start, end) in ranges ?? [])
        {
            if (start < cut && cut < end)
            {
                cut = end < text.Length || start == 0 ? end : start;
                break;
            }
        }

        if (cut > 1 && cut < text.Length && char.IsLowSurrogate(text[cut]) && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        consumed = cut;
        return ranges is null ? text[..cut] : Render(text, ranges, cut);
    }

    /// <summary>Finds the runs to mask: merged, in order, widened so that no surrogate pair is split.</summary>
    private List<(int Start, int End)>? Find(ReadOnlySpan<char> text)
    {
        List<(int Start, int End)>? ranges = null;
        if (_windows.Count > 0)
        {
            int runStart = -1, runEnd = -1;
            for (var i = 0; i + FragmentLength <= text.Length; i++)
            {
                if (!MayStartWindow(text[i..]) || !_windows.Contains(Window(text[i..])))
                {
                    continue;
                }

                if (runStart >= 0 && i <= runEnd)
                {
                    runEnd = i + FragmentLength;
                }
                else
                {
                    if (runStart >= 0)
                    {
                        (ranges ??= []).Add((runStart, runEnd));
                    }

                    (runStart, runEnd) = (i, i + FragmentLength);
                }
            }

            if (runStart >= 0)
            {
                (ranges ??= []).Add((runStart, runEnd));
            }
        }

        foreach (var form in _shortForms)
        {
            for (var at = text.IndexOf(form, StringComparison.Ordinal); at >= 0;)
            {
                (ranges ??= []).Add((at, at + form.Length));
                var next = text[(at + form.Length)..].IndexOf(form, StringComparison.Ordinal);
                at = next < 0 ? -1 : at + form.Length + next;
            }
        }

        return ranges is null ? null : Merge(text, ranges);
    }

    private static List<(int Start, int End)> Merge(ReadOnlySpan<char> text, List<(int Start, int End)> ranges)
    {
        ranges.Sort();
        var merged = new List<(int Start, int End)>(ranges.Count);
        foreach (var (start, end) in ranges)
        {
            var (s, e) = (start, end);
            if (s > 0 && char.IsLowSurrogate(text[s]) && char.IsHighSurrogate(text[s - 1]))
            {
                s--;
            }

            if (e < text.Length && char.IsLowSurrogate(text[e]) && char.IsHighSurrogate(text[e - 1]))
            {
                e++;
            }

            if (merged.Count > 0 && s <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, e));
            }
            else
            {
                merged.Add((s, e));
            }
        }

        return merged;
    }

    /// <summary>Writes <paramref name="text"/> up to <paramref name="length"/> with each range replaced by <see cref="Mask"/>.</summary>
    private static string Render(string text, List<(int Start, int End)> ranges, int length)
    {
        var builder = new StringBuilder(length);
        var at = 0;
        foreach (var (start, end) in ranges)
        {
            if (start >= length)
            {
                break;
            }

            builder.Append(text, at, start - at).Append(Mask);
            at = Math.Min(end, length);
        }

        return builder.Append(text, at, length - at).ToString();
    }

    private bool MayStartWindow(ReadOnlySpan<char> text)
    {
        var head = HeadHash(text);
        return (_heads[head >> 6] & (1UL << (int)(head & 63))) != 0;
    }

    /// <summary>Hashes the first four characters of a text into the bit filter's range.</summary>
    private ulong HeadHash(ReadOnlySpan<char> text) =>
        (MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(text[..4])) * 0x9E3779B97F4A7C15UL) >> _headShift;

    private static UInt128 Window(ReadOnlySpan<char> text) =>
        MemoryMarshal.Read<UInt128>(MemoryMarshal.AsBytes(text[..FragmentLength]));
}
