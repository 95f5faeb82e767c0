using System.Diagnostics;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>Start information for a .NET program the test project builds beside itself, run as <c>dotnet program.dll arguments</c>.</summary>
internal static class DotnetProgram
{
    /// <summary>Makes the start information, with standard output and error redirected.</summary>
    /// <param name="dllPath">The program's assembly.</param>
    /// <param name="what">What the program is, for the message when it was not built (such as "The worker").</param>
    /// <param name="arguments">Its command line.</param>
    /// <exception cref="FileNotFoundException">The program was not built.</exception>
    public static ProcessStartInfo StartInfo(string dllPath, string what, IEnumerable<string> arguments)
    {
        if (!File.Exists(dllPath))
        {
            throw new FileNotFoundException($"{what} '{dllPath}' was not built; build the tests (`dotnet build` at the repository root builds it).", dllPath);
        }

        // The dotnet that runs the tests, not whichever one is first on PATH.
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dllPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }
}
