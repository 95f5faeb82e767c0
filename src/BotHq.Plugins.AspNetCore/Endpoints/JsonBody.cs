using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace BotHq.Plugins.AspNetCore.Endpoints;

/// <summary>Reads a request body as one JSON object, refusing a wrong media type (415), an oversized body (413), and bytes that
/// are not UTF-8 or not JSON (400).</summary>
/// <remarks>
/// <para>The endpoints read their bodies here rather than through minimal-API binding: binding fails before an endpoint filter runs,
/// with an empty 400, whereas every failure here is a problem details response that says what to fix. The size is checked while
/// reading, so a chunked body without a Content-Length is held to the same limit.</para>
/// <para>A body may hold a credential value, so no message made here quotes it: a failure names a position (byte offset, line),
/// never the bytes. The UTF-8 check runs before the parser, because <see cref="JsonDocument"/> accepts malformed UTF-8 inside
/// strings and only fails when a string is read, with an exception whose message holds the offending bytes.</para>
/// </remarks>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 64,
    };

    /// <summary>Reads a body that may be left out (tool arguments, an action context): <see langword="null"/> when it is empty.</summary>
    /// <remarks>The JSON media type is required even then: a browser sends a cross-site POST without a preflight only with a
    /// "simple" media type (or none), so requiring JSON keeps another site's page from running tools and actions.</remarks>
    public static async Task<(JsonElement? Body, IResult? Problem)> ReadOptionalObjectAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadObjectAsync(request, limit, allowEmpty: true, cancellationToken).ConfigureAwait(false);
        return (body.ValueKind == JsonValueKind.Undefined ? null : body, problem);
    }

    /// <summary>Reads the body; returns the root object, or a problem result to send instead.</summary>
    public static Task<(JsonElement Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, long limit, CancellationToken cancellationToken) =>
        ReadObjectAsync(request, limit, allowEmpty: false, cancellationToken);

    private static async Task<(JsonElement Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, long limit, bool allowEmpty, CancellationToken cancellationToken)
    {
        if (MediaTypeProblem(request.ContentType) is { } mediaTypeProblem)
        {
            return (default, mediaTypeProblem);
        }

        if (request.ContentLength > limit)
        {
            return (default, PluginProblems.BodyTooLarge(limit));
        }

        byte[]? bytes;
        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        try
        {
            bytes = canHaveBody ? await ReadBoundedAsync(request.Body, limit, cancellationToken).ConfigureAwait(false) : [];
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own limit (Kestrel's MaxRequestBodySize) is lower than ours, and it stopped the read.
            var serverLimit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            return (default, PluginProblems.BodyTooLarge(serverLimit is { } server && server < limit ? server : limit));
        }
        catch (BadHttpRequestException)
        {
            // The server's message is left out: it is about the request's framing, and not ours to vouch for.
            return (default, PluginProblems.InvalidBody("$", "The request body could not be read: the request ended early or its framing (Content-Length, chunked encoding) is malformed."));
        }

        if (bytes is null)
        {
            return (default, PluginProblems.BodyTooLarge(limit));
        }

        if (!Utf8.IsValid(bytes))
        {
            return (default, PluginProblems.InvalidBody("$", $"The request body is not valid UTF-8 JSON: the bytes from offset {InvalidUtf8Offset(bytes)} are not a UTF-8 sequence; send the JSON encoded as UTF-8."));
        }

        if (bytes.Length == 0 && allowEmpty)
        {
            return (default, null);
        }

        if (bytes.Length == 0)
        {
            return (default, PluginProblems.InvalidBody("$", "The request body is empty; send a JSON object."));
        }

        try
        {
            // First, as the parser decodes property names to find duplicates, and would throw on such a name itself.
            if (UnpairedSurrogateOffset(bytes) is { } offset)
            {
                return (default, PluginProblems.InvalidBody("$", $"The request body is not valid UTF-8 JSON: the string at byte offset {offset} holds a \\u escape of an unpaired surrogate (\\uD800 to \\uDFFF alone), which is not a character; send text only."));
            }

            using var document = JsonDocument.Parse(bytes, DocumentOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (default, PluginProblems.InvalidBody("$", $"The request body is {Describe(document.RootElement.ValueKind)}; send a JSON object."));
            }

            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            // The reader's own message may quote the body (a credential, say), so only its position is passed on.
            var where = ex.LineNumber is { } line && ex.BytePositionInLine is { } position
                ? $" near line {line + 1}, byte {position + 1}"
                : "";
            return (default, PluginProblems.InvalidBody("$", $"The request body is not valid JSON{where} (or it repeats a member); send one JSON object."));
        }
    }

    /// <summary>Describes a JSON value's kind for an error message, without its content.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>Checks the Content-Type: JSON (<c>application/json</c> or any <c>application/*+json</c>) in UTF-8; a problem otherwise.</summary>
    private static ProblemHttpResult? MediaTypeProblem(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return PluginProblems.UnsupportedMediaType();
        }

        var mediaType = parsed.MediaType.AsSpan();
        var json = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        if (!json)
        {
            return PluginProblems.UnsupportedMediaType();
        }

        // JSON is UTF-8 (RFC 8259); a body declared in another charset would be misread, so it is refused by name.
        var charset = parsed.Charset;
        return charset.HasValue && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? PluginProblems.UnsupportedCharset()
            : null;
    }

    /// <summary>Finds the offset of the first byte that does not begin a valid UTF-8 sequence (only called when there is one).</summary>
    private static int InvalidUtf8Offset(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length && Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    /// <summary>Finds a string or property name whose escapes decode to an unpaired surrogate, which no .NET string can hold as text
    /// and the reader refuses to return; only escaped strings can, as the raw bytes were checked to be UTF-8 already.</summary>
    /// <returns>The byte offset of the string, or <see langword="null"/> when there is none.</returns>
    private static long? UnpairedSurrogateOffset(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                try
                {
                    reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    return reader.TokenStartIndex;
                }
            }
        }

        return null;
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; <see langword="null"/> when the body is longer.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        finally
        {
            // The body may hold credential values: clear them before the buffer is reused elsewhere.
            ArrayPool<byte>.Shared.Return(chunk, clearArray: true);
        }
    }
}
