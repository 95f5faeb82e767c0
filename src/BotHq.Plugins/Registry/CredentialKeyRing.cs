using System.Globalization;
using System.Security.Cryptography;

namespace BotHq.Plugins.Registry;

/// <summary>The AES-256 keys in the key directory: one file per key, named by a time-ordered key id; the newest is used for new blobs.</summary>
/// <remarks>
/// A key file holds 32 random bytes. It is written to a temporary file and renamed into place, so a crash never leaves a
/// half-written key. On Unix the directory gets mode 0700 and each file 0600. Keys are loaded lazily and the directory is read
/// again when a blob names a key not yet seen, so several processes sharing the directory see each other's new keys.
/// </remarks>
internal sealed class CredentialKeyRing
{
    internal const int KeySize = 32;
    private const string Extension = ".key";

    private readonly string _directory;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private SortedDictionary<Guid, byte[]> _keys = new(GuidTextComparer.Instance);

    public CredentialKeyRing(string directory, TimeProvider timeProvider)
    {
        _directory = Path.GetFullPath(directory);
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the full path of the key directory.</summary>
    public string Directory => _directory;

    /// <summary>Gets the id and bytes of the key new blobs are written with, creating the first key if there is none.</summary>
    /// <remarks>The folder is read again on every call: another process sharing it may have rotated the key, and a blob
    /// written with a retired key could never be read again. Credential writes are rare; a directory listing is cheap.</remarks>
    public (Guid Id, byte[] Key) GetActiveKey()
    {
        lock (_gate)
        {
            Reload();
            if (_keys.Count == 0)
            {
                var id = WriteNewKey();
                Reload();
                return (id, _keys[id]);
            }

            var newest = _keys.Last();
            return (newest.Key, newest.Value);
        }
    }

    /// <summary>Gets a key by id, reading the directory again if it is not known yet.</summary>
    public byte[]? FindKey(Guid id)
    {
        lock (_gate)
        {
            if (!_keys.ContainsKey(id))
            {
                Reload();
            }

            return _keys.GetValueOrDefault(id);
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
            foreach (var id in _keys.Keys.Where(k => k != keep).ToArray())
            {
                File.Delete(PathOf(id));
            }

            Reload();
        }
    }


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
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
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
                const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
                System.IO.Directory.CreateDirectory(_directory, OwnerOnly);

                // CreateDirectory leaves an existing folder's mode alone; a key folder others can read defeats its purpose.
                File.SetUnixFileMode(_directory, OwnerOnly);
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
                    throw new PluginCredentialException(null, $"The credential key '{file}' holds {bytes.Length} bytes, not {KeySize}: it is damaged. Restore it from a backup of the key directory; without it the credentials it protects cannot be read.");
                }

                keys[id] = bytes;
            }
        }

        _keys = keys;
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
}
