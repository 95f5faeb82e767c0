using System.Diagnostics;
using BotHq.Plugins.Integration.Tests.Samples;

namespace BotHq.Plugins.Integration.Tests.Templates;

/// <summary>
/// What a plugin author starts from, made once per test run in one temporary folder: this build's template package (with the
/// Abstractions package it carries) and, when a test asks, the CLI tool package, both packed from the repository with
/// <c>dotnet pack</c>; the template installed into its own hive (<c>--debug:custom-hive</c>); and an isolated
/// <c>NUGET_PACKAGES</c> folder, so no cached package of the same version hides a stale build. The variants share the
/// packages it restores, so only the first build restores the MCP SDK.
/// </summary>
internal static class AuthorKit
{
    /// <summary>Marks every process the kit starts (and everything they start), so a test can check none is left.</summary>
    public const string MarkerVariable = "BOTHQ_TEMPLATE_TESTS";

    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(9);
    private static readonly string Marker = Guid.NewGuid().ToString("N");
    private static readonly Lock Gate = new();
    private static string? _work;
    private static Task? _templates;
    private static Task? _cli;

    /// <summary>Gets the repository's root folder (the one with BotHq.Plugins.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Gets the run's folder: packages/, hive/, nuget/ and one folder per test.</summary>
    public static string Work => _work ??= CreateWork();

    /// <summary>Gets the folder the packages are packed into.</summary>
    public static string Packages => Path.Combine(Work, "packages");

    /// <summary>Gets the template hive.</summary>
    public static string Hive => Path.Combine(Work, "hive");

    /// <summary>Packs the template package and installs it into the kit's hive, once per run.</summary>
    /// <returns>A task that completes when <c>dotnet new bothq-plugin --debug:custom-hive</c> works.</returns>
    public static Task TemplatesAsync() => Once(() => _templates, task => _templates = task, async () =>
    {
        await PackAsync(Path.Combine(RepositoryRoot, "templates", "BotHq.Plugins.Templates", "BotHq.Plugins.Templates.csproj"));
        var package = Directory.GetFiles(Packages, "BotHq.Plugins.Templates.*.nupkg").Single();
        await RunOkAsync(Work, "dotnet", "new", "install", package, "--debug:custom-hive", Hive);
    });

    /// <summary>Packs the CLI tool package (and its per-platform packages), once per run.</summary>
    /// <returns>A task that completes when <see cref="Packages"/> holds BotHq.Plugins.Cli.</returns>
    public static Task CliPackageAsync() => Once(() => _cli, task => _cli = task, () =>
        PackAsync(Path.Combine(RepositoryRoot, "src", "BotHq.Plugins.Cli", "BotHq.Plugins.Cli.csproj")));

    /// <summary>Creates a new plugin folder from the template.</summary>
    /// <param name="output">The folder to create it in (the plugin's folder).</param>
    /// <param name="name">The project name (<c>-n</c>).</param>
    /// <param name="options">The template's options, such as <c>--server node</c>.</param>
    /// <returns>The finished run.</returns>
    public static Task<ChildRun> NewPluginAsync(string output, string name, params string[] options) =>
        RunOkAsync(Work, "dotnet", ["new", "bothq-plugin", "-n", name, "-o", output, "--debug:custom-hive", Hive, .. options]);

    /// <summary>Packs a project of the repository into <see cref="Packages"/>: restored from the machine's usual package folder,
    /// as a developer's <c>dotnet pack</c> is (only what the author builds restores into the isolated one).</summary>
    private static async Task PackAsync(string project)
    {
        var run = await RunAsync(RepositoryRoot, "dotnet", isolated: false, ["pack", project, "-c", "Release", "-o", Packages, "--disable-build-servers", "-nologo"]);
        _ = run.ExitCode == 0 ? run : throw new InvalidOperationException($"Packing failed: {run}");
    }

    /// <summary>Runs a program in the kit's environment and throws, with its output, when it exits with anything but 0.</summary>
    /// <param name="workingDirectory">Its working folder.</param>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its command line.</param>
    /// <returns>The finished run.</returns>
    public static async Task<ChildRun> RunOkAsync(string workingDirectory, string fileName, params string[] arguments)
    {
        var run = await RunAsync(workingDirectory, fileName, arguments);
        // An exception, not an assertion: the shared pack runs for whichever test comes first, and every test awaiting it fails with it.
        return run.ExitCode == 0 ? run : throw new InvalidOperationException($"A step of the author's path failed: {run}");
    }

    /// <summary>Runs a program in the kit's environment: the isolated <c>NUGET_PACKAGES</c>, no MSBuild settings of the test run.</summary>
    /// <param name="workingDirectory">Its working folder.</param>
    /// <param name="fileName">The program (<c>dotnet</c> is the dotnet that runs the tests).</param>
    /// <param name="arguments">Its command line.</param>
    /// <returns>The finished run.</returns>
    public static Task<ChildRun> RunAsync(string workingDirectory, string fileName, params string[] arguments) =>
        RunAsync(workingDirectory, fileName, isolated: true, arguments);

    private static async Task<ChildRun> RunAsync(string workingDirectory, string fileName, bool isolated, string[] arguments)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var startInfo = new ProcessStartInfo(fileName == "dotnet" ? dotnet : fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The test run's own MSBuild (dotnet test) sets variables a nested build must not inherit.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        if (isolated)
        {
            startInfo.Environment["NUGET_PACKAGES"] = Path.Combine(Work, "nuget");
        }

        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (Path.IsPathRooted(dotnet))
        {
            // An installed tool's launcher finds the runtime through DOTNET_ROOT when dotnet is not in its default place.
            startInfo.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet);
        }
        // Per test: the template fixtures run beside each other, and each checks only what it started.
        startInfo.Environment[MarkerVariable] = TestMarker();

        var commandLine = $"{fileName} {string.Join(' ', arguments)}";
        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{commandLine} did not finish within {ProcessTimeout.TotalMinutes} min; killed.\n{await stderr}");
        }

        return new ChildRun(commandLine, process.ExitCode, await stdout, await stderr);
    }

    private static string TestMarker() => $"{Marker}-{TestContext.CurrentContext.Test.ID}";

    /// <summary>Gets the live processes the kit started for the current test (every child inherits the marker variable).</summary>
    /// <returns>Their ids and command lines; empty where processes cannot be scanned.</returns>
    public static IReadOnlyList<string> LiveProcesses()
    {
        if (!ProcessScan.Supported)
        {
            return [];
        }

        var wanted = $"{MarkerVariable}={TestMarker()}";
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var id = Path.GetFileName(directory);
            if (!id.All(char.IsAsciiDigit) || id == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Split('\0').Contains(wanted, StringComparer.Ordinal))
                {
                    found.Add($"{id}: {File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ')}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's process, or one that exited while we looked.
            }
        }

        return found;
    }

    /// <summary>Deletes the run's folder (called once, after the last test of the namespace).</summary>
    public static void Delete()
    {
        if (_work is not null && Directory.Exists(_work))
        {
            try
            {
                Directory.Delete(_work, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A process may still hold a file for a moment; the OS cleans the temp folder.
            }
        }
    }

    private static Task Once(Func<Task?> get, Action<Task> set, Func<Task> make)
    {
        lock (Gate)
        {
            // A failed attempt is not kept: the next test tries again and reports its own failure.
            var task = get();
            if (task is null || task.IsFaulted || task.IsCanceled)
            {
                task = make();
                set(task);
            }

            return task;
        }
    }

    private static string CreateWork()
    {
        var work = Path.Combine(Path.GetTempPath(), "bothq-tests", $"author-kit-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        return work;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BotHq.Plugins.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No BotHq.Plugins.sln above '{TestContext.CurrentContext.TestDirectory}'.");
    }
}
