using System.Diagnostics;
using System.Reflection;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Dashboard.Tests.TestSupport;

/// <summary>Runs the sample console host (built with these tests) as a child process with a HOME of the test's, so its default
/// plugins folder, database and keys are the dashboard site's.</summary>
internal static class SampleCli
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public static string DllPath { get; } = typeof(SampleCli).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "BotHq.Plugins.Samples.ConsoleHost").Value!;

    /// <summary>Runs <c>bothq-plugins arguments</c>; returns its exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string home, params string[] arguments)
    {
        var startInfo = DotnetProgram.StartInfo(DllPath, "The sample CLI", arguments);
        startInfo.RedirectStandardInput = true;
        startInfo.Environment["HOME"] = home;
        startInfo.Environment["USERPROFILE"] = home;
        startInfo.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
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

        return (process.ExitCode, await stdout, await stderr);
    }
}
