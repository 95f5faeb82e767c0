using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotHq.Plugins.Registry;

/// <summary>The AES-256 keys in the key directory: one file per key, named by a time-ordered key id; the newest is used for new blobs.</summary>
/// <remarks>
/// A key file holds 32 random bytes. It is written to a temporary file and renamed into place, so a crash never leaves a
/// half-written key. On Unix the directory gets mode 0700 and each file 0600, and <see cref="SecureModes"/> restores those modes
/// at start. Keys are loaded lazily and the directory is read again when a blob names a key not yet seen, so several processes
/// sharing the directory see each other's new keys. A key file of the wrong length is damaged: the blobs written with it cannot be
/// read, but it never keeps new blobs from being written with another key.
/// </remarks>
internal sealed partial class CredentialKeyRing : ICredentialKeyStore
{
    internal const int KeySize = 32;
    private const string Extension = ".key";
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupAndOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string _directory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    // Read on first use (Reload sets both): a runtime that reads no credential, a command line's list, never builds these
    // collections, whose generic code over Guid is compiled at run time.
    private SortedDictionary<Guid, byte[]>? _keys;
    private Dictionary<Guid, int>? _damaged;

    public CredentialKeyRing(string directory, TimeProvider timeProvider, ILogger? logger = null)
    {
        _directory = Path.GetFullPath(directory);
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the full path of the key directory.</summary>
    public string Directory => _directory;

    public string Location => $"'{_directory}'";

    public ValueTask<(Guid Id, byte[] Key)> GetActiveKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(GetActiveKey());

    public ValueTask<byte[]?> FindKeyAsync(Guid id, CancellationToken cancellationToken) => ValueTask.FromResult(FindKey(id));

    public ValueTask<Guid> CreateKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(CreateKey());

    public ValueTask RetireAllExceptAsync(Guid keep, CancellationToken cancellationToken)
    {
        RetireAllExcept(keep);
        return ValueTask.CompletedTask;
    }

    /// <summary>Gets the id and bytes of the key new blobs are written with, creating the first key if there is none.</summary>
    /// <remarks>The folder is read again on every call: another process sharing it may have rotated the key, and a blob
    /// written with a retired key could never be read again. Credential writes are rare; a directory listing is cheap.</remarks>
    public (Guid Id, byte[] Key) GetActiveKey()
    {
        lock (_gate)
        {
            Reload();
            if (_keys!.Count == 0)
            {
                var id = WriteNewKey();
                Reload();
                return (id, _keys![id]);
            }

            var newest = _keys.Last();
            return (newest.Key, newest.Value);
        }
    }

    /// <summary>Gets a key by id, reading the directory again if it is not known yet.</summary>
    /// <returns>The key, or <see langword="null"/> when no file holds it.</returns>
    /// <exception cref="PluginCredentialException">Its file is damaged (the wrong length), or the directory cannot be read (with the IO error inside).</exception>
    public byte[]? FindKey(Guid id)
    {
        lock (_gate)
        {
            if (_keys is null || !_keys.ContainsKey(id))
            {
                Reload();
            }

            if (_damaged!.TryGetValue(id, out var length))
            {
                throw new PluginCredentialException(null, $"The credential key '{PathOf(id)}' holds {length} bytes, not {KeySize}: it is damaged. Restore it from a backup of the key directory; without it the credentials it protects cannot be read.");
            }

            return _keys!.GetValueOrDefault(id);
        }
    }

    /// <summary>Checks, on Unix, that the key directory and its key files are the owner's only, and makes them so.</summary>
    /// <remarks>
    /// Called at start. Group and other permissions are taken off the directory (0755 becomes 0700) and off each key file (0644
    /// becomes 0600), the owner's are kept; the key file's warning says it may already have been read. Refusing to start would leave the file readable until someone acts; the key's
    /// exposure, if any, has happened either way, and what answers it is rotation and new credentials, which the warning names.
    /// </remarks>
    /// <exception cref="PluginCredentialException">A mode is too open and cannot be changed (another user owns the file, or the file system is read-only).</exception>
    public void SecureModes()
    {
        if (OperatingSystem.IsWindows() || !System.IO.Directory.Exists(_directory))
        {
            return;
        }

        lock (_gate)
        {
            var folderMode = File.GetUnixFileMode(_directory);
            if ((folderMode & GroupAndOthers) != 0)
            {
                var owners = folderMode & ~GroupAndOthers;
                SetMode(_directory, owners, "key directory", folderMode);
                LogFolderModeFixed(_logger, _directory, Octal(folderMode), Octal(owners));
            }

            foreach (var file in System.IO.Directory.EnumerateFiles(_directory, "*" + Extension))
            {
                var fileMode = File.GetUnixFileMode(file);
                if ((fileMode & GroupAndOthers) != 0)
                {
                    var owners = fileMode & ~GroupAndOthers;
                    SetMode(file, owners, "key file", fileMode);
                    LogKeyFileModeFixed(_logger, file, Octal(fileMode), Octal(owners));
                }
            }
        }
    }

    /// <summary>Writes a new key, which becomes the active one.</summary>
    public Guid CreateKey()
    {
        lock (_gate)
        {
            var id = WriteNewKey();
            Reload();
            return id;
        }
    }

    /// <summary>Deletes every key file except one.</summary>
    public void RetireAllExcept(Guid keep)
    {
        lock (_gate)
        {
            Reload();
            foreach (var id in _keys!.Keys.Where(k => k != keep).ToArray())
            {
                File.Delete(PathOf(id));
            }

            Reload();
        }
    }


    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void SetMode(string path, UnixFileMode mode, string what, UnixFileMode was)
    {
        try
        {
            File.SetUnixFileMode(path, mode);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PluginCredentialException(
                null,
                $"The credential {what} '{path}' has mode {Octal(was)}, so other local users can reach it, and it could not be changed to {Octal(mode)} ({ex.Message}). "
                + $"As its owner, run chmod {Octal(mode)[1..]} on it, or set PluginRuntimeOptions.KeyDirectory to a folder this process's user owns.",
                ex);
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8);

    private Guid WriteNewKey()
    {
        EnsureDirectory();
        var id = Guid.CreateVersion7(_timeProvider.GetUtcNow());
        var key = RandomNumberGenerator.GetBytes(KeySize);
        var final = PathOf(id);
        var temporary = final + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(key);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, final);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new PluginCredentialException(null, $"Could not write a new credential key to '{_directory}': {ex.Message}. Check that PluginRuntimeOptions.KeyDirectory is writable by this process.", ex);
        }

        return id;
    }

    private void EnsureDirectory()
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(_directory);
            }
            else
            {
                System.IO.Directory.CreateDirectory(_directory, OwnerOnlyFolder);

                // CreateDirectory leaves an existing folder's mode alone; a key folder others can read defeats its purpose.
                File.SetUnixFileMode(_directory, OwnerOnlyFolder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PluginCredentialException(null, $"Could not create the credential key directory '{_directory}': {ex.Message}. Set PluginRuntimeOptions.KeyDirectory to a folder this process can write.", ex);
        }
    }

    private void Reload()
    {
        var keys = new SortedDictionary<Guid, byte[]>(GuidTextComparer.Instance);
        var damaged = new Dictionary<Guid, int>();
        if (System.IO.Directory.Exists(_directory))
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(_directory, "*" + Extension))
            {
                if (!Guid.TryParseExact(Path.GetFileNameWithoutExtension(file), "N", out var id))
                {
                    continue;
                }

                byte[] bytes;
                try
                {
                    bytes = File.ReadAllBytes(file);
                }
                catch (FileNotFoundException)
                {
                    // Retired by another process's rotation between the listing and the read.
                    continue;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new PluginCredentialException(null, $"Could not read the credential key '{file}': {ex.Message}. Check the file's owner and mode (0600).", ex);
                }

                if (bytes.Length != KeySize)
                {
                    // Kept out of the ring: blobs written with it fail with their own error, and new blobs use a sound key.
                    damaged[id] = bytes.Length;
                    continue;
                }

                keys[id] = bytes;
            }
        }

        _keys = keys;
        _damaged = damaged;
    }

    private string PathOf(Guid id) => Path.Combine(_directory, id.ToString("N", CultureInfo.InvariantCulture) + Extension);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "The credential key directory '{Directory}' had mode {Mode}, so other local users could reach it; it was set to {NewMode}")]
    private static partial void LogFolderModeFixed(ILogger logger, string directory, string mode, string newMode);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "The credential key file '{File}' had mode {Mode}, so other local users could reach it; it was set to {NewMode}. Until now anyone on this machine could have copied it: if that may have happened, rotate the key (RotateCredentialKeyAsync) and replace the credentials it protected at their source (new tokens), as a copy of the key and the database reveals them")]
    private static partial void LogKeyFileModeFixed(ILogger logger, string file, string mode, string newMode);
}
