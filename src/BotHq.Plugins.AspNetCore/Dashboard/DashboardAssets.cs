using System.Buffers.Text;
using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;

namespace BotHq.Plugins.AspNetCore.Dashboard;

/// <summary>The dashboard's files, embedded in this assembly (<c>Dashboard/Assets</c>): read, hashed and compressed on first use, then kept.</summary>
/// <remarks>Nothing here runs until a dashboard request asks for a file, so a host that does not map the dashboard, or has not
/// served it yet, pays nothing. Compression runs once per file at the highest level, which for files this small takes milliseconds.</remarks>
internal static class DashboardAssets
{
    private const string ResourcePrefix = "BotHq.Plugins.AspNetCore.Dashboard.Assets.";

    /// <summary>The files served, by name; only names embedded in the assembly are ever looked up.</summary>
    private static readonly Lazy<FrozenDictionary<string, Lazy<DashboardAsset>>> Files = new(ListFiles);

    /// <summary>Gets a version that changes whenever this assembly's content does: the module's id, which a deterministic build
    /// derives from the content. Asset addresses carry it, so a browser may cache each one for good.</summary>
    public static string Version { get; } = typeof(DashboardAssets).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..16];

    /// <summary>Gets an embedded file by name (such as <c>app.js</c>), or <see langword="null"/> when there is none.</summary>
    public static DashboardAsset? Get(string name) => Files.Value.TryGetValue(name, out var file) ? file.Value : null;

    /// <summary>Reads an embedded text file (the page's template).</summary>
    public static string ReadText(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The dashboard's file '{name}' is not embedded in {typeof(DashboardAssets).Assembly.GetName().Name}; the package is damaged.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Makes an asset of bytes made at run time (the page, with its addresses filled in).</summary>
    public static DashboardAsset Create(string contentType, byte[] content) =>
        new(contentType, content, Compress(content, brotli: true), Compress(content, brotli: false), Hash(content));

    /// <summary>Gets the media type of a file name; <see langword="null"/> for one the dashboard does not serve.</summary>
    public static string? ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => null,
    };

    private static FrozenDictionary<string, Lazy<DashboardAsset>> ListFiles() =>
        typeof(DashboardAssets).Assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(resource => resource[ResourcePrefix.Length..])
            .Where(name => ContentTypeOf(name) is not null)
            .ToFrozenDictionary(name => name, name => new Lazy<DashboardAsset>(() => Load(name)), StringComparer.Ordinal);

    private static DashboardAsset Load(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(ResourcePrefix + name)!;
        var content = new byte[stream.Length];
        stream.ReadExactly(content);
        return Create(ContentTypeOf(name)!, content);
    }

    private static byte[] Compress(byte[] content, bool brotli)
    {
        using var output = new MemoryStream();
        using (Stream compressor = brotli
            ? new BrotliStream(output, CompressionLevel.SmallestSize, leaveOpen: true)
            : new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            compressor.Write(content);
        }

        return output.ToArray();
    }

    private static string Hash(byte[] content)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, hash);
        return Base64Url.EncodeToString(hash[..12]);
    }
}
