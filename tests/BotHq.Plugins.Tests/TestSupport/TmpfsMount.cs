using System.Diagnostics;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>A real tmpfs file system of a given size, mounted on a fresh folder and unmounted on dispose: a disk that is really
/// full or really read-only, for the database fault tests.</summary>
/// <remarks>Needs root (CI runs as root). Elsewhere the test is ignored with the reason; under <c>CI=true</c> it fails instead, so a
/// CI machine that lost the ability cannot skip the faults silently.</remarks>
internal sealed class TmpfsMount : IDisposable
{
    private readonly TempDirectory _folder = new("tmpfs");
    private bool _mounted;

    private TmpfsMount()
    {
    }

    /// <summary>Gets the mount point.</summary>
    public string Path => _folder.Path;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Mounts a tmpfs of <paramref name="kilobytes"/> KiB, or ignores (fails under CI) the calling test when it cannot.</summary>
    public static TmpfsMount Create(int kilobytes)
    {
        var mount = new TmpfsMount();
        string? reason = null;
        if (!OperatingSystem.IsLinux())
        {
            reason = "tmpfs mounts are a Linux feature";
        }
        else if (Environment.UserName != "root")
        {
            reason = $"mounting a tmpfs needs root, and the tests run as '{Environment.UserName}'";
        }
        else if (Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k,mode=0755", "tmpfs", mount.Path) is { } error)
        {
            reason = $"mounting a tmpfs failed ({error})";
        }

        if (reason is not null)
        {
            mount.Dispose();
            var message = $"This test needs a real full or read-only file system: {reason}. Run the tests as root on Linux (CI does).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        mount._mounted = true;
        return mount;
    }

    /// <summary>Makes the file system read-only; what is on it stays readable.</summary>
    public void RemountReadOnly()
    {
        if (Run("mount", "-o", "remount,ro", Path) is { } error)
        {
            Assert.Fail($"Remounting {Path} read-only failed: {error}");
        }
    }

    /// <summary>Writes a file of zeros that takes all but <paramref name="leaveBytes"/> of the free space (rounded to tmpfs pages).</summary>
    public void Fill(long leaveBytes = 0)
    {
        var free = new DriveInfo(Path).AvailableFreeSpace - leaveBytes;
        using var filler = new FileStream(Combine("filler"), FileMode.Create, FileAccess.Write);
        var block = new byte[4096];
        try
        {
            for (long written = 0; written + block.Length <= free; written += block.Length)
            {
                filler.Write(block);
            }

            filler.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            // Full: what this method is for.
        }
    }

    /// <summary>Removes the filler written by <see cref="Fill"/>.</summary>
    public void Unfill() => File.Delete(Combine("filler"));

    public void Dispose()
    {
        if (_mounted)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            // Lazily, so that a file still open somewhere cannot keep the mount (and the test run) alive.
            Run("umount", "-l", Path);
            _mounted = false;
        }

        _folder.Dispose();
    }

    private static string? Run(string program, params string[] arguments)
    {
        try
        {
            var startInfo = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            using var process = Process.Start(startInfo)!;
            var stderr = process.StandardError.ReadToEnd();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{program} exited with {process.ExitCode}: {stderr.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"{program} could not be run: {ex.Message}";
        }
    }
}
