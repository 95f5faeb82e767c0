using System.IO.Compression;
using System.Security.Cryptography;
using BotHq.Plugins.Loading;
using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Installation;

/// <summary>Packs a plugin folder into an archive that <see cref="IPluginRuntime.InstallAsync"/> installs.</summary>
public static class PluginArchive
{
    /// <summary>The names left out wherever they appear: version-control folders and the files desktops leave behind.</summary>
    private static readonly HashSet<string> Junk = new(StringComparer.OrdinalIgnoreCase) { ".git", ".svn", ".hg", ".DS_Store", "Thumbs.db", "desktop.ini" };

    /// <summary>The timestamp of every entry, so that the same folder always packs to the same bytes.</summary>
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Packs a plugin folder, exactly as the runtime would load it, into a zip archive.</summary>
    /// <param name="pluginDirectory">The plugin's folder, the one holding plugin.json.</param>
    /// <param name="destination">Where the archive is written; left open.</param>
    /// <param name="cancellationToken">Cancels the packing.</param>
    /// <returns>The plugin's name and version and the archive's SHA-256.</returns>
    /// <remarks>Every file of the folder is packed (a plugin folder is what the runtime loads, build output included), except
    /// version-control folders (<c>.git</c>, <c>.svn</c>, <c>.hg</c>) and desktop leftovers (<c>.DS_Store</c>, <c>Thumbs.db</c>,
    /// <c>desktop.ini</c>). Symbolic links are left out and listed in <see cref="PluginArchiveInfo.SkippedLinks"/>: an archive holds
    /// only files and folders. Entries are in ordinal order with one fixed timestamp, so the same folder packs to the same SHA-256
    /// with the same version of this library.</remarks>
    /// <exception cref="PluginArchiveException">The folder has no valid plugin.json; the message lists each problem.</exception>
    public static async Task<PluginArchiveInfo> PackAsync(string pluginDirectory, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pluginDirectory);
        ArgumentNullException.ThrowIfNull(destination);
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(pluginDirectory));
        var manifest = await ReadManifestAsync(folder, cancellationToken).ConfigureAwait(false);
        var files = new List<(string Relative, string Full)>();
        var links = new List<string>();
        Collect(folder, "", files, links);
        files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));

        var hashing = new HashingStream(destination);
        var archive = await ZipArchive.CreateAsync(hashing, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken).ConfigureAwait(false);
        await using (archive.ConfigureAwait(false))
        {
            foreach (var (relative, full) in files)
            {
                var entry = archive.CreateEntry(relative, CompressionLevel.Optimal);
                entry.LastWriteTime = EntryTime;
                entry.ExternalAttributes = (0x8000 | Mode(full)) << 16;
                var output = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (output.ConfigureAwait(false))
                {
                    var input = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
                    await using (input.ConfigureAwait(false))
                    {
                        await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        return new PluginArchiveInfo
        {
            Name = manifest.Name,
            Version = manifest.Version,
            Sha256 = hashing.Finish(),
            Files = files.Count,
            SkippedLinks = links,
        };
    }

    private static async Task<PluginManifest> ReadManifestAsync(string folder, CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, PluginLoader.ManifestFileName);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PluginArchiveException($"'{folder}' cannot be packed: {PluginLoader.ManifestFileName} cannot be read ({ex.Message}). Give the plugin's folder, the one holding {PluginLoader.ManifestFileName}.", innerException: ex);
        }

        var validation = new ManifestValidator("1.0.0").Validate(ManifestValidator.SkipByteOrderMark(bytes), folder);
        if (validation.Manifest is not { } manifest)
        {
            var lines = validation.Problems.Select(p => $"  - {p.Path}: {p.Message}");
            throw new PluginArchiveException(
                $"'{file}' is invalid, so the folder was not packed; run 'bothq-plugins validate' for every problem with its fix:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}",
                validation.Name);
        }

        return manifest;
    }

    private static void Collect(string folder, string prefix, List<(string, string)> files, List<string> links)
    {
        foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            var relative = prefix + info.Name;
            if (Junk.Contains(info.Name))
            {
                continue;
            }

            if (info.LinkTarget is not null)
            {
                links.Add(relative);
            }
            else if (info is DirectoryInfo)
            {
                Collect(info.FullName, relative + "/", files, links);
            }
            else
            {
                files.Add((relative, info.FullName));
            }
        }
    }

    private static int Mode(string file) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) == 0 ? 0b110_100_100 : 0b111_101_101;

    /// <summary>Hashes what the archive writes on its way to the destination, so that the destination need not be read back.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _position;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _position;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public string Finish()
        {
            var hex = Convert.ToHexStringLower(_hash.GetHashAndReset());
            _hash.Dispose();
            return hex;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
            _position += buffer.Length;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _hash.AppendData(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            _position += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
