using System.Text;

namespace BotHq.Plugins.Mcp.Stdio;

/// <summary>Splits a server's stderr, as it is read, into masked lines: one per newline (without the CR before it), and a line
/// longer than the limit into pieces, each masked before it is cut and never cut inside a credential value.</summary>
/// <remarks>At most the limit plus <see cref="CredentialMasker.CutLookahead"/> characters of an unfinished line are held, so a
/// server that writes without newlines cannot make the host hold its output.</remarks>
internal sealed class StderrLineSplitter
{
    private readonly CredentialMasker _masker;
    private readonly int _maxLineChars;
    private readonly Action<string> _onLine;
    private readonly StringBuilder _pending = new();

    /// <summary>Initializes a new instance of the <see cref="StderrLineSplitter"/> class.</summary>
    /// <param name="masker">The plugin's credential values.</param>
    /// <param name="maxLineChars">The longest line passed on whole; a longer one is passed on in pieces of about this length.</param>
    /// <param name="onLine">Receives each masked line or piece.</param>
    public StderrLineSplitter(CredentialMasker masker, int maxLineChars, Action<string> onLine)
    {
        _masker = masker;
        _maxLineChars = maxLineChars;
        _onLine = onLine;
    }

    /// <summary>Takes the next characters read.</summary>
    public void Append(ReadOnlySpan<char> chars)
    {
        while (chars.Length > 0)
        {
            var newline = chars.IndexOf('\n');
            if (newline < 0)
            {
                _pending.Append(chars);
                while (_pending.Length >= _maxLineChars + CredentialMasker.CutLookahead)
                {
                    EmitPiece();
                }

                return;
            }

            _pending.Append(chars[..newline]);
            EndLine();
            chars = chars[(newline + 1)..];
        }
    }

    /// <summary>Passes on an unfinished last line: the stream ended.</summary>
    public void Complete()
    {
        if (_pending.Length > 0)
        {
            EndLine();
        }
    }

    private void EndLine()
    {
        while (_pending.Length > _maxLineChars)
        {
            EmitPiece();
        }

        var line = _pending.ToString().TrimEnd('\r');
        _pending.Clear();
        _onLine(_masker.Apply(line));
    }

    /// <summary>Passes on the first piece of the pending text, masked with the characters after it in sight, then cut.</summary>
    private void EmitPiece()
    {
        var visible = _pending.ToString(0, Math.Min(_pending.Length, _maxLineChars + CredentialMasker.CutLookahead));
        var piece = _masker.ApplyAndCut(visible, _maxLineChars, out var consumed);
        _pending.Remove(0, consumed);
        _onLine(piece);
    }
}
