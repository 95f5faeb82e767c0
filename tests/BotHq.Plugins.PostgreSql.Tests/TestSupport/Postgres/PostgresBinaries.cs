namespace BotHq.Plugins.Tests.TestSupport.Postgres;

/// <summary>Finds the PostgreSQL server programs the tests run a throwaway cluster with: on PATH, or under /usr/lib/postgresql/*/bin
/// (where Debian's <c>postgresql</c> package puts them, off PATH).</summary>
internal static class PostgresBinaries
{
    /// <summary>The message of a run without them: what to install.</summary>
    public const string Missing =
        "The PostgreSQL tests need the PostgreSQL server programs (initdb, postgres, pg_dump), found neither on PATH nor under /usr/lib/postgresql/*/bin. "
        + "Install Debian's 'postgresql' package (apt-get install -y postgresql) or your system's equivalent; .ci/run does so.";

    private static readonly Lazy<string?> Folder = new(Find);

    /// <summary>Gets the folder holding initdb, postgres and pg_dump, or <see langword="null"/> when they are not installed.</summary>
    public static string? Directory => Folder.Value;

    /// <summary>Gets the full path of one of the programs.</summary>
    public static string Program(string name) => Path.Combine(Directory ?? throw new InvalidOperationException(Missing), name);

    /// <summary>Ignores the calling test (a developer's machine) or fails it (<c>CI=true</c>) when the programs are missing.</summary>
    public static void Require()
    {
        if (Directory is not null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(Missing);
        }

        Assert.Ignore(Missing);
    }

    private static string? Find()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var candidates = new List<string>();
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(folder);
        }

        // The newest major version first.
        if (System.IO.Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        foreach (var folder in candidates)
        {
            if (File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "postgres")) && File.Exists(Path.Combine(folder, "pg_dump")))
            {
                // Resolve a symbolic link (Debian's /usr/local/bin entries point into /usr/lib/postgresql/N/bin), so every program comes from one version.
                var initdb = new FileInfo(Path.Combine(folder, "initdb"));
                var target = initdb.LinkTarget is null ? initdb.FullName : initdb.ResolveLinkTarget(returnFinalTarget: true)!.FullName;
                var resolved = Path.GetDirectoryName(target)!;
                if (File.Exists(Path.Combine(resolved, "postgres")) && File.Exists(Path.Combine(resolved, "pg_dump")))
                {
                    return resolved;
                }
            }
        }

        return null;
    }
}
