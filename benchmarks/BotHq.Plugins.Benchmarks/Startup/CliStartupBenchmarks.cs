using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.Benchmarks.Support;

namespace BotHq.Plugins.Benchmarks.Startup;

/// <summary>
/// The <c>bothq-plugins</c> command line's start, as processes: <c>list</c> versus a hello-world console app (baseline), and
/// <c>validate</c> of a plugin with an extension versus <c>list</c> on the same folder (baseline). Each run is a whole process,
/// from start to exit, launched through its apphost.
/// </summary>
/// <remarks>By default the CLI is this build's output (JIT-compiled); set <c>BOTHQ_BENCH_CLI</c> to an installed tool's
/// launcher (<c>dotnet tool install BotHq.Plugins.Cli --tool-path DIR --add-source artifacts/packages</c>, then
/// <c>DIR/bothq-plugins</c>) to measure the ReadyToRun package as users get it.</remarks>
[QuickRun("cli-start", WarmupOperations = 2, MaxWarmupSeconds = 10, BatchMilliseconds = 1500, Rounds = 7)]
[InvocationCount(1, 1), IterationCount(15), WarmupCount(2)]
public class CliStartupBenchmarks
{
    private TempFolder _folder = null!;
    private string _cli = null!;
    private string _plugin = null!;
    private string[] _where = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = new TempFolder("cli-start");
        _cli = Environment.GetEnvironmentVariable("BOTHQ_BENCH_CLI") is { Length: > 0 } installed ? installed : BenchPaths.Cli;
        var plugins = _folder.Combine("plugins");
        _plugin = Path.Combine(plugins, "noop");
        var extension = Directory.CreateDirectory(Path.Combine(_plugin, "extension")).FullName;
        foreach (var file in Directory.GetFiles(BenchPaths.NoOpExtensionDirectory))
        {
            File.Copy(file, Path.Combine(extension, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(_plugin, "plugin.json"), $$"""
            { "name": "noop", "version": "1.0.0", "description": "A plugin with an extension",
              "extensions": "extension/{{BenchPaths.NoOpExtensionAssembly}}",
              "settings": { "greeting": { "type": "string", "default": "Hello" } } }
            """);
        _where = ["--plugins-dir", plugins, "--db", _folder.Combine("plugins.db")];

        // The database exists and is synced, as on every start after the first.
        Run(_cli, [.. _where, "list"]);
    }

    [GlobalCleanup]
    public void Cleanup() => _folder.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("list")]
    public int HelloWorld_Process() => Run(BenchPaths.HelloWorld, []);

    [Benchmark, BenchmarkCategory("list")]
    public int List_Process() => Run(_cli, [.. _where, "list"]);

    [Benchmark(Baseline = true), BenchmarkCategory("validate")]
    public int ListSameFolder_Process() => Run(_cli, [.. _where, "list"]);

    [Benchmark, BenchmarkCategory("validate")]
    public int Validate_Process() => Run(_cli, ["validate", _plugin]);

    private static int Run(string program, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var length = process.StandardOutput.ReadToEnd().Length;
        process.WaitForExit();
        return process.ExitCode == 0
            ? length
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.GetAwaiter().GetResult()}");
    }
}
