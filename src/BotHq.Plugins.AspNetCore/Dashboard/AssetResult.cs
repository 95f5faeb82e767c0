using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace BotHq.Plugins.AspNetCore.Dashboard;

/// <summary>Sends a dashboard file in the best encoding the client accepts (Brotli, gzip, or as is), with an entity tag per
/// encoding, and answers 304 when the client already holds that one.</summary>
/// <param name="asset">The file.</param>
/// <param name="cacheControl">The Cache-Control value to send.</param>
internal sealed class AssetResult(DashboardAsset asset, string cacheControl) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var request = httpContext.Request;
        var response = httpContext.Response;
        var (encoding, body) = Choose(request.GetTypedHeaders().AcceptEncoding);
        var etag = new EntityTagHeaderValue($"\"{asset.Tag}{(encoding is null ? "" : "-" + encoding)}\"");

        response.Headers.CacheControl = cacheControl;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.ETag = etag.ToString();
        if (request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } held && held.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = body.Length;
        if (encoding is not null)
        {
            // Set here, so the host's response compression (which skips an encoded response) does not compress it again.
            response.Headers.ContentEncoding = encoding;
        }

        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    private (string? Encoding, byte[] Body) Choose(IList<StringWithQualityHeaderValue> accepted)
    {
        if (Accepts(accepted, "br"))
        {
            return ("br", asset.Brotli);
        }

        return Accepts(accepted, "gzip") ? ("gzip", asset.Gzip) : (null, asset.Identity);
    }

    /// <summary>Whether the client accepts an encoding: named with a quality above 0, or covered by <c>*</c> without naming it.</summary>
    private static bool Accepts(IList<StringWithQualityHeaderValue> accepted, string encoding)
    {
        StringWithQualityHeaderValue? named = null;
        StringWithQualityHeaderValue? any = null;
        foreach (var value in accepted)
        {
            if (value.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase))
            {
                named = value;
            }
            else if (value.Value.Equals("*", StringComparison.Ordinal))
            {
                any = value;
            }
        }

        var chosen = named ?? any;
        return chosen is not null && (chosen.Quality ?? 1) > 0;
    }
}
