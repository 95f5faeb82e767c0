using System.Globalization;
using BotHq.Plugins.AspNetCore.Json;
using BotHq.Plugins.Installation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace BotHq.Plugins.AspNetCore.Endpoints;

internal sealed partial class PluginEndpoints
{
    private const string ZipContentType = "application/zip";

    private void MapInstall(RouteGroupBuilder group)
    {
        Route(group, HttpMethods.Post, "/", InstallAsync)
            .WithName("InstallBotHqPlugin")
            .WithSummary("Admin: installs or upgrades a plugin from a zip archive sent as application/zip (?sha256=HEX to check it, ?force=true to replace the same or a newer version).")
            .Accepts<Stream>(ZipContentType)
            .Produces<PluginInstallResult>(StatusCodes.Status200OK, JsonContentType)
            .Produces<PluginInstallResult>(StatusCodes.Status201Created, JsonContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        Route(group, HttpMethods.Delete, "/{name}", UninstallAsync)
            .WithName("UninstallBotHqPlugin")
            .WithSummary("Admin: stops a plugin and deletes its folder and, unless ?keepData=true, its settings, credentials and stores.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The 415 of the install endpoint, whose body is the one that is not JSON.</summary>
    private static ProblemHttpResult UnsupportedArchiveMediaType() => PluginProblems.Problem(
        StatusCodes.Status415UnsupportedMediaType,
        "The request body must be a zip archive.",
        "Send the plugin archive ('bothq-plugins pack' writes one) as the body with 'Content-Type: application/zip'.");

    private async Task<IResult> InstallAsync(HttpRequest request, IPluginRuntime runtime, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !mediaType.MediaType.Equals(ZipContentType, StringComparison.OrdinalIgnoreCase))
        {
            return UnsupportedArchiveMediaType();
        }

        var limit = _options.MaxArchiveSize;
        if (request.ContentLength > limit)
        {
            return PluginProblems.BodyTooLarge(limit);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // The server's own limit (Kestrel's 30 MB by default) is for forms and JSON; an archive has ours.
            sizeFeature.MaxRequestBodySize = limit;
        }

        var query = request.Query;
        var sha256 = query["sha256"].ToString() is { Length: > 0 } given ? given : null;
        var force = false;
        if (query["force"].ToString() is { Length: > 0 } forceText && !bool.TryParse(forceText, out force))
        {
            return PluginProblems.Invalid("The request is invalid.", "Fix the query parameter listed under 'errors'.",
                new Dictionary<string, string[]> { ["force"] = ["'force' must be true or false."] });
        }

        PluginInstallResult result;
        try
        {
            await using var body = new BoundedReadStream(request.Body, limit);
            result = await runtime.InstallAsync(body, sha256, force, cancellationToken).ConfigureAwait(false);
        }
        catch (BoundedReadStream.LimitExceededException)
        {
            return PluginProblems.BodyTooLarge(limit);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return PluginProblems.BodyTooLarge(limit);
        }
        catch (PluginArchiveException ex)
        {
            var extensions = new Dictionary<string, object?> { ["plugin"] = ex.PluginName };
            if (ex.Problems.Count > 0)
            {
                extensions["errors"] = ex.Problems
                    .GroupBy(p => string.Join(' ', new[] { p.File ?? "", p.Path }.Where(part => part.Length > 0)), StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
            }

            return PluginProblems.Problem(StatusCodes.Status400BadRequest, "The plugin archive was refused.", ex.Message, extensions);
        }
        catch (PluginVersionConflictException ex)
        {
            return PluginProblems.Problem(StatusCodes.Status409Conflict, "The same or a newer version is installed.", ex.Message, new Dictionary<string, object?>
            {
                ["plugin"] = ex.PluginName,
                ["installedVersion"] = ex.InstalledVersion,
                ["archiveVersion"] = ex.ArchiveVersion,
            });
        }

        var json = TypedResults.Json(result, PluginEndpointsJsonContext.Default.PluginInstallResult);
        if (result.PreviousVersion is not null)
        {
            return json;
        }

        request.HttpContext.Response.Headers.Location = request.PathBase.Add(request.Path).Value?.TrimEnd('/') + "/" + Uri.EscapeDataString(result.Name);
        return TypedResults.Json(result, PluginEndpointsJsonContext.Default.PluginInstallResult, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UninstallAsync(string name, HttpRequest request, IPluginRuntime runtime, CancellationToken cancellationToken)
    {
        var keepData = false;
        if (request.Query["keepData"].ToString() is { Length: > 0 } keepText && !bool.TryParse(keepText, out keepData))
        {
            return PluginProblems.Invalid("The request is invalid.", "Fix the query parameter listed under 'errors'.",
                new Dictionary<string, string[]> { ["keepData"] = ["'keepData' must be true or false."] });
        }

        await runtime.RemoveAsync(name, keepData, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    /// <summary>Reads at most a number of bytes from the request, however it is framed (a chunked body has no Content-Length).</summary>
    private sealed class BoundedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new LimitExceededException(string.Create(CultureInfo.InvariantCulture, $"The body is over {limit} bytes.")) : read;
        }

        public sealed class LimitExceededException(string message) : IOException(message);
    }
}
