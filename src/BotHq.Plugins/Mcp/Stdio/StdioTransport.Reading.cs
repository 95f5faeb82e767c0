using System.Buffers;
using System.Globalization;
using System.Text;

namespace BotHq.Plugins.Mcp.Stdio;

/// <summary>The two readers: stdout (messages, on a thread of its own) and stderr (log lines).</summary>
internal sealed partial class StdioTransport
{
    /// <summary>The longest stderr line logged whole; a longer one is logged in pieces of about this many characters.</summary>
    private const int MaxStderrLineChars = 4096;

    /// <summary>The bytes read from stderr at a time, and the characters decoded at a time.</summary>
    private const int StderrBufferSize = 1024;

    // Invalid bytes become U+FFFD, as they did when lines were decoded whole.
    private static readonly UTF8Encoding StderrEncoding = new(encoderShouldEmitUTF8Identifier: false);

    private void StartStdoutThread(LineReader lines)
    {
        var thread = new Thread(static state =>
        {
            var (transport, lines) = ((StdioTransport, LineReader))state!;
            transport.ReadStdoutLines(lines);
            lines.Dispose();
            transport._stdoutDone.TrySetResult();
        })
        {
            IsBackground = true,
            Name = $"BotHq MCP stdout ({_plugin})",
        };
        thread.UnsafeStart((this, lines));
    }

    /// <summary>The stdout loop: blocking reads on a thread of its own, so a response wakes this thread directly rather than
    /// the socket engine's and then a pool thread. Each message is handed to the session, which completes its caller on the pool.</summary>
    private void ReadStdoutLines(LineReader lines)
    {
        var sink = _sink!;
        try
        {
            while (lines.ReadLine(out var line, out var dropped))
            {
                if (dropped > 0)
                {
                    Dropped(lines, dropped);
                }
                else if (!IsBlank(line.Span))
                {
                    sink.OnMessage(new ReadOnlySequence<byte>(line));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe broke: the server is gone. WatchAsync reports why.
        }
        catch (Exception ex)
        {
            // Nothing may escape a thread of our own: it would take the host down.
            McpLog.ReaderFailed(_logger, _plugin, ex);
            Close(new McpServerException(_plugin, $"Reading the messages of the MCP server of plugin '{_plugin}' failed: {_masker.Apply(ex.Message)}", innerException: ex));
        }
    }

    /// <summary>A line longer than the limit was dropped: the request it answered, if it was a response, fails now with the sizes.</summary>
    private void Dropped(LineReader lines, long bytes)
    {
        var limit = _options.MaxMessageBytes;
        McpLog.LineTooLong(_logger, _plugin, bytes, limit);
        if (lines.DroppedResponseId is { } id)
        {
            _sink!.OnRequestFailed(id, new McpServerException(_plugin, string.Create(CultureInfo.InvariantCulture,
                $"The MCP server of plugin '{_plugin}' answered with a message of {bytes} bytes, longer than PluginMcpOptions.MaxMessageBytes ({limit} bytes); it was dropped. Ask the tool for less (a smaller file, a page of the results), or raise MaxMessageBytes.")));
        }
    }

    private async Task ReadStderrAsync()
    {
        var lines = new StderrLineSplitter(_masker, MaxStderrLineChars, AddStderrLine);
        // Small buffers: every start pays for them, and stderr is a trickle of log lines (16 KB buffers were 64 KB of a cold
        // start's allocation, more than the rest of it).
        using var reader = new StreamReader(_process!.Stderr, StderrEncoding, detectEncodingFromByteOrderMarks: false, bufferSize: StderrBufferSize, leaveOpen: true);
        var chars = new char[StderrBufferSize];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(chars).ConfigureAwait(false)) > 0)
            {
                lines.Append(chars.AsSpan(0, read));
            }

            lines.Complete();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The pipe broke: the server is gone.
        }
    }

    private void AddStderrLine(string maskedLine)
    {
        _stderr.Add(maskedLine);
        McpLog.Stderr(_logger, maskedLine);
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;
}
