using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>Builds zip archives entry by entry, any name and any mode, as an attacker could.</summary>
internal sealed class TestArchive
{
    private readonly List<(string Name, byte[] Content, int? UnixMode, CompressionLevel Level)> _entries = [];

    public static string Manifest(string name, string version) => $$"""{ "name": "{{name}}", "version": "{{version}}" }""";

    /// <summary>An archive of a valid plugin with no code: plugin.json and a readme.</summary>
    public static TestArchive Plugin(string name = "alpha", string version = "1.0.0", string prefix = "") =>
        new TestArchive().Add(prefix + "plugin.json", Manifest(name, version)).Add(prefix + "README.md", "# " + name);

    public TestArchive Add(string name, string content, int? unixMode = null) => Add(name, Encoding.UTF8.GetBytes(content), unixMode);

    public TestArchive Add(string name, byte[] content, int? unixMode = null, CompressionLevel level = CompressionLevel.Optimal)
    {
        _entries.Add((name, content, unixMode, level));
        return this;
    }

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, mode, level) in _entries)
            {
                var entry = zip.CreateEntry(name, level);
                if (mode is { } unixMode)
                {
                    entry.ExternalAttributes = unixMode << 16;
                }

                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    public MemoryStream ToStream() => new(ToBytes());

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Every path under a folder, relative, sorted: what a test compares before and after a refused install.</summary>
    public static string[] Listing(TempDirectory root) =>
        [.. Directory.EnumerateFileSystemEntries(root.Path, "*", SearchOption.AllDirectories)
            .Where(p => !Path.GetFileName(p).StartsWith("plugins.db", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(root.Path, p))
            .Order(StringComparer.Ordinal)];
}
