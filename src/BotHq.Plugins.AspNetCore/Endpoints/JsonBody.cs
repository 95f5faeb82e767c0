using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BotHq.Plugins.AspNetCore.Endpoints;

/// <summary>Reads a request body as one JSON object, refusing a wrong media type (415), an oversized body (413) and malformed JSON (400).</summary>
/// <remarks>
/// The endpoints read their bodies here rather than through minimal-API binding: binding fails before an endpoint filter runs,
/// with an empty 400, whereas every failure here is a problem details response that says what to fix. The size is checked while
/// reading, so a chunked body without a Content-Length is held to the same limit.
/// </remarks>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowDuplicateProperties = false,
        MaxDepth = 64,
    };

    /// <summary>Reads a body that may be left out (tool arguments, an action context): <see langword="null"/> when there is none.</summary>
    public static async Task<(JsonElement? Body, IResult? Problem)> ReadOptionalObjectAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var canHaveBody = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
        if (request.ContentLength == 0 || !canHaveBody)
        {
            return (null, null);
        }

        var (body, problem) = await ReadObjectAsync(request, limit, allowEmpty: true, cancellationToken).ConfigureAwait(false);
        return (body.ValueKind == JsonValueKind.Undefined ? null : body, problem);
    }

    /// <summary>Reads the body; returns the root object, or a problem result to send instead.</summary>
    public static Task<(JsonElement Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, long limit, CancellationToken cancellationToken) =>
        ReadObjectAsync(request, limit, allowEmpty: false, cancellationToken);

    private static async Task<(JsonElement Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, long limit, bool allowEmpty, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (default, PluginProblems.UnsupportedMediaType());
        }

        if (request.ContentLength > limit)
        {
            return (default, PluginProblems.BodyTooLarge(limit));
        }

        var bytes = await ReadBoundedAsync(request.Body, limit, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return (default, PluginProblems.BodyTooLarge(limit));
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

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var separator = mediaType.IndexOf(';');
        if (separator >= 0)
        {
            mediaType = mediaType[..separator];
        }

        mediaType = mediaType.Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
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
