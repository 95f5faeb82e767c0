using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.Benchmarks.Support;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Benchmarks.Masking;

/// <summary>Masking what a server prints, now (every 8-character run of a value, its escaped and encoded forms, JSON decoded)
/// versus before issue 13 (whole values only; baseline). A tool call's result is never masked, so this is off the call path:
/// it is the cost per stderr line and per log notification.</summary>
/// <remarks><c>typical</c>: two API tokens of 40 characters. <c>4kb</c>: a 4 KB value and a PEM key beside one token. The
/// texts hold no value, the common case: every position of the text is looked up.</remarks>
[QuickRun("masking")]
public class MaskingBenchmarks
{
    private static readonly string StderrLine =
        "2026-07-13T10:42:17.123Z info  [github-sync] fetched 42 issues from https://api.github.com/repos/acme/app in 812 ms";

    private static readonly string LongStderrLine = string.Concat(Enumerable.Repeat("stack frame at Acme.App.Worker.RunAsync() in /src/app/Worker.cs:line 42; ", 60))[..4096];

    private string[] _secrets = [];
    private CredentialMasker _masker = null!;
    private LegacyCredentialMasker _legacy = null!;
    private JsonElement _notificationData;

    [Params("typical", "4kb")]
    public string Secrets { get; set; } = "typical";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _secrets = Secrets == "typical"
            ? ["ghp_R7u2kQ9xWmZ4vT1pLs8nYc3bFd6hJe0aKiVo", "sk-live-51HcQ2eZvKYlo2C0aIiXyZ9wqTpR4sUe"]
            : [Generate(random, 4096), Pem(random), "ghp_R7u2kQ9xWmZ4vT1pLs8nYc3bFd6hJe0aKiVo"];
        _masker = new CredentialMasker(_secrets);
        _legacy = new LegacyCredentialMasker(_secrets);
        using var document = JsonDocument.Parse("""
            {"event":"sync.finished","repository":"acme/app","issues":42,"durationMs":812,
             "labels":["bug","needs-triage","p2"],"next":{"cursor":"Y3Vyc29yOjQy","at":"2026-07-13T10:47:17Z"},
             "message":"fetched 42 issues from https://api.github.com/repos/acme/app, 3 new since the last run"}
            """);
        _notificationData = document.RootElement.Clone();
        if (_masker.Apply(StderrLine) != StderrLine || _legacy.Apply(StderrLine) != StderrLine)
        {
            throw new InvalidOperationException("The benchmark's texts must hold no credential value.");
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("stderr-line")]
    public string StderrLine_Before() => _legacy.Apply(StderrLine);

    [Benchmark, BenchmarkCategory("stderr-line")]
    public string StderrLine_Now() => _masker.Apply(StderrLine);

    [Benchmark(Baseline = true), BenchmarkCategory("stderr-4096")]
    public string LongStderrLine_Before() => _legacy.Apply(LongStderrLine);

    [Benchmark, BenchmarkCategory("stderr-4096")]
    public string LongStderrLine_Now() => _masker.ApplyAndCut(LongStderrLine, 4096, out _);

    [Benchmark(Baseline = true), BenchmarkCategory("log-notification")]
    public string LogNotification_Before() => _legacy.ApplyToText(_notificationData);

    [Benchmark, BenchmarkCategory("log-notification")]
    public string LogNotification_Now() => _masker.ApplyToText(_notificationData);

    [Benchmark(Baseline = true), BenchmarkCategory("create")]
    public object Create_Before() => new LegacyCredentialMasker(_secrets);

    [Benchmark, BenchmarkCategory("create")]
    public object Create_Now() => new CredentialMasker(_secrets);

    private static string Generate(Random random, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>A PEM-like key of about 1.7 KB: 26 lines of base64 between the markers.</summary>
    private static string Pem(Random random) =>
        "-----BEGIN PRIVATE KEY-----\n" + string.Join("\n", Enumerable.Range(0, 26).Select(_ => Generate(random, 64))) + "\n-----END PRIVATE KEY-----";
}
