using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;

namespace BotHq.Plugins.Installation;

/// <summary>Copies an archive to a file while hashing it, then unpacks it under the limits, counting the bytes it writes.</summary>
internal static class ArchiveExtractor
{
    /// <summary>Copies <paramref name="source"/> into <paramref name="file"/> and returns its SHA-256 in lower-case hex.</summary>
    public static async Task<string> CopyAsync(Stream source, string file, PluginArchiveOptions limits, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        await using (var target = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > limits.MaxTotalBytes)
                {
                    throw new PluginArchiveException(string.Create(CultureInfo.InvariantCulture,
                        $"The plugin archive was refused: it is larger than {limits.MaxTotalBytes} bytes (PluginArchiveOptions.MaxTotalBytes). Nothing was installed."));
                }

                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Unpacks every entry of the archive file into <paramref name="destination"/>, an empty folder.</summary>
    public static async Task ExtractAsync(string file, string destination, PluginArchiveOptions limits, CancellationToken cancellationToken)
    {
        var archiveLength = new FileInfo(file).Length;
        ZipArchive archive;
        try
        {
            archive = await ZipArchive.CreateAsync(File.OpenRead(file), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new PluginArchiveException($"The plugin archive was refused: it is not a zip archive ({ex.Message}). Make one with 'bothq-plugins pack FOLDER'. Nothing was installed.", innerException: ex);
        }

        await using (archive.ConfigureAwait(false))
        {
            List<(ZipArchiveEntry Entry, string Path, bool IsDirectory)> entries;
            try
            {
                entries = ArchiveEntryRules.Check(archive, limits);
            }
            catch (InvalidDataException ex)
            {
                throw new PluginArchiveException($"The plugin archive was refused: its directory is damaged ({ex.Message}). Pack it again. Nothing was installed.", innerException: ex);
            }

            var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination)) + Path.DirectorySeparatorChar;
            var buffer = new byte[81920];
            long total = 0;
            foreach (var (entry, path, isDirectory) in entries)
            {
                var target = Path.GetFullPath(Path.Combine(root, path));
                if (!target.StartsWith(root, StringComparison.Ordinal))
                {
                    // The rules above make this impossible; kept so that no later change to them can write outside.
                    throw new PluginArchiveException($"The plugin archive was refused: entry '{entry.FullName}' leads outside the plugin's folder. Nothing was installed.");
                }

                if (isDirectory)
                {
                    Directory.CreateDirectory(target);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                total += await ExtractEntryAsync(entry, target, limits, total, buffer, cancellationToken).ConfigureAwait(false);
                if (total > PluginArchiveOptions.RatioFloorBytes && total > limits.MaxCompressionRatio * Math.Max(archiveLength, 1))
                {
                    throw Ratio("the archive", total, archiveLength, limits);
                }
            }
        }
    }

    private static async Task<long> ExtractEntryAsync(ZipArchiveEntry entry, string target, PluginArchiveOptions limits, long totalBefore, byte[] buffer, CancellationToken cancellationToken)
    {
        long written = 0;
        Stream input;
        try
        {
            input = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new PluginArchiveException($"The plugin archive was refused: entry '{entry.FullName}' cannot be read ({ex.Message}). Pack it again with 'bothq-plugins pack'. Nothing was installed.", innerException: ex);
        }

        await using (input.ConfigureAwait(false))
        await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
        {
            while (true)
            {
                int read;
                try
                {
                    read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException ex)
                {
                    throw new PluginArchiveException($"The plugin archive was refused: entry '{entry.FullName}' is damaged ({ex.Message}). Pack it again. Nothing was installed.", innerException: ex);
                }

                if (read == 0)
                {
                    break;
                }

                written += read;
                if (written > limits.MaxEntryBytes)
                {
                    throw new PluginArchiveException(string.Create(CultureInfo.InvariantCulture,
                        $"The plugin archive was refused: entry '{entry.FullName}' unpacks to more than {limits.MaxEntryBytes} bytes (PluginArchiveOptions.MaxEntryBytes). Nothing was installed."));
                }

                if (totalBefore + written > limits.MaxTotalBytes)
                {
                    throw new PluginArchiveException(string.Create(CultureInfo.InvariantCulture,
                        $"The plugin archive was refused: its files unpack to more than {limits.MaxTotalBytes} bytes in all (PluginArchiveOptions.MaxTotalBytes). Nothing was installed."));
                }

                if (written > PluginArchiveOptions.RatioFloorBytes && written > limits.MaxCompressionRatio * Math.Max(entry.CompressedLength, 1))
                {
                    throw Ratio($"entry '{entry.FullName}'", written, entry.CompressedLength, limits);
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }

        if (!OperatingSystem.IsWindows() && ((entry.ExternalAttributes >> 16) & 0x49) != 0)
        {
            // Keep the executable bits a server's entry may need; nothing else of the archive's mode is trusted.
            File.SetUnixFileMode(target, File.GetUnixFileMode(target) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return written;
    }

    private static PluginArchiveException Ratio(string what, long unpacked, long compressed, PluginArchiveOptions limits) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"The plugin archive was refused: {what} unpacks to {unpacked} bytes or more from {compressed} compressed, a ratio over {limits.MaxCompressionRatio} (PluginArchiveOptions.MaxCompressionRatio), as a zip bomb does. Nothing was installed."));
}
