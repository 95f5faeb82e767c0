using System.Diagnostics;
using System.Reflection;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.Samples;

/// <summary>Runs the sample console host, built with the tests, as a child process: <c>dotnet bothq-plugins.dll ...</c>.</summary>
internal static class SampleCli
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Gets the host's dll (its path is stamped into this assembly by the test project).</summary>
    public static string DllPath { get; } = typeof(SampleCli).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "BotHq.Plugins.Samples.ConsoleHost").Value!;

    /// <summary>Gets the sample plugin as the build laid it out beside the host.</summary>
    public static string BuiltPluginFolder => Path.Combine(Path.GetDirectoryName(DllPath)!, "sample-plugins", "hello");

    /// <summary>Runs the host with <paramref name="home"/> as HOME, so its default folders are the home's <c>.bot-hq</c>.</summary>
    /// <param name="home">The home folder.</param>
    /// <param name="arguments">The command line.</param>
    /// <returns>The finished run.</returns>
    public static Task<CliRun> RunAsync(SampleHome home, params string[] arguments) => RunWithInputAsync(home, stdin: null, arguments);

    /// <summary>Runs the host with <paramref name="stdin"/> piped to its input.</summary>
    /// <param name="home">The home folder.</param>
    /// <param name="stdin">Its input, or <see langword="null"/> for none.</param>
    /// <param name="arguments">The command line.</param>
    /// <returns>The finished run.</returns>
    public static Task<CliRun> RunWithInputAsync(SampleHome home, string? stdin, params string[] arguments) =>
        RunAsync(home, stdin, environment: null, arguments);

    /// <summary>Runs the host with more environment variables (such as <c>Logging__LogLevel__Default</c>).</summary>
    /// <param name="home">The home folder.</param>
    /// <param name="environment">The variables to add.</param>
    /// <param name="arguments">The command line.</param>
    /// <returns>The finished run.</returns>
    public static Task<CliRun> RunWithEnvironmentAsync(SampleHome home, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunAsync(home, stdin: null, environment, arguments);

    private static async Task<CliRun> RunAsync(SampleHome home, string? stdin, IReadOnlyDictionary<string, string>? environment, string[] arguments)
    {
        var startInfo = DotnetProgram.StartInfo(DllPath, "The sample host", arguments);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        startInfo.RedirectStandardInput = true;
        startInfo.Environment["HOME"] = home.Path;
        startInfo.Environment["USERPROFILE"] = home.Path;
        startInfo.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"bothq-plugins {string.Join(' ', arguments)} did not finish within {RunTimeout.TotalSeconds} s; killed.\n{await stderr}");
        }

        return new CliRun(string.Join(' ', arguments), process.ExitCode, await stdout, await stderr);
    }
}
