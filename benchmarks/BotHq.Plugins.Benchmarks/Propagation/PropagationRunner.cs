using System.Diagnostics;
using System.Globalization;
using BotHq.Plugins.Benchmarks.Support;
using BotHq.Plugins.PostgreSql;
using BotHq.Plugins.PostgreSql.DependencyInjection;
using BotHq.Plugins.PostgreSql.Storage;
using BotHq.Plugins.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BotHq.Plugins.Benchmarks.Propagation;

/// <summary>How long a registry change made on one instance takes to reach the others: instance A disables or enables a plugin,
/// and each listening instance's change signal reports the new state. Prints p50 and p99 per backend, and for PostgreSQL the
/// server's transactions per change.</summary>
/// <remarks>
/// <c>--propagation [--listeners N] [--changes N]</c>. SQLite: two instances on one file, polling at the default
/// <see cref="PluginRuntimeOptions.ChangePollInterval"/>. PostgreSQL (when <c>BOTHQ_BENCH_POSTGRES</c> is set): A and N listening
/// instances (default 1; 50 simulates a large deployment in one process, each with its own pool and listening connection).
/// The time runs from just before A's call until the instance's snapshot shows the change, so it includes A's commit.
/// </remarks>
internal static class PropagationRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var listeners = IntOption(args, "--listeners", 1);
        var changes = IntOption(args, "--changes", 100);
        Console.WriteLine($"# propagation: {Environment.ProcessorCount} cores, {changes} changes");
        await MeasureAsync("sqlite", 1, changes, null);
        if (BenchPostgres.IsConfigured)
        {
            await MeasureAsync("postgresql", listeners, changes, BenchPostgres.ConnectionString);
        }
        else
        {
            Console.WriteLine("# postgresql: left out, no PostgreSQL server given (set BOTHQ_BENCH_POSTGRES to a connection string)");
        }

        return 0;
    }

    private static async Task MeasureAsync(string backend, int listeners, int changes, string? connectionString)
    {
        using var folder = new TempFolder("propagation");
        var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        var keyEncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var runtimes = new List<PluginRuntime>();
        try
        {
            for (var i = 0; i <= listeners; i++)
            {
                var plugins = folder.Combine("instance-" + i.ToString(CultureInfo.InvariantCulture), "plugins");
                Directory.CreateDirectory(Path.Combine(plugins, "alpha"));
                await File.WriteAllTextAsync(Path.Combine(plugins, "alpha", "plugin.json"), """{"name":"alpha","version":"1.0.0","description":"The alpha plugin"}""");
                var options = new PluginRuntimeOptions
                {
                    PluginsDirectory = plugins,
                    DatabasePath = folder.Combine("plugins.db"),
                    KeyDirectory = folder.Combine("keys"),
                    KeyEncryptionKey = connectionString is null ? null : keyEncryptionKey,
                };
                IPluginStorageFactory? storage = connectionString is null
                    ? null
                    : new PostgreSqlStorageFactory(
                        Options.Create(new PostgreSqlPluginStorageOptions { ConnectionString = connectionString, SchemaName = schema }),
                        new PostgreSqlDataSourceHolder(null));
                var runtime = new PluginRuntime(options, null, null, null, storage);
                runtimes.Add(runtime);
                await runtime.InitializeAsync();
            }

            var source = runtimes[0];
            var others = runtimes.Skip(1).ToArray();
            var latencies = new List<double>(changes * others.Length);
            var commitsBefore = connectionString is null ? 0 : await CommitsAsync(connectionString);
            for (var change = 0; change < changes; change++)
            {
                var enabled = change % 2 == 1;
                var expected = enabled ? PluginState.Enabled : PluginState.Disabled;
                var stopwatch = Stopwatch.StartNew();
                var seen = others.Select(runtime => SeenAsync(runtime, expected, stopwatch)).ToArray();
                await source.SetEnabledAsync("alpha", enabled);
                latencies.AddRange(await Task.WhenAll(seen));
            }

            latencies.Sort();
            var line = string.Create(CultureInfo.InvariantCulture,
                $"propagation.{backend} instances={listeners + 1} changes={changes} p50={Percentile(latencies, 0.50):0.0}ms p99={Percentile(latencies, 0.99):0.0}ms max={latencies[^1]:0.0}ms");
            if (connectionString is not null)
            {
                var commits = await CommitsAsync(connectionString) - commitsBefore;
                line += string.Create(CultureInfo.InvariantCulture, $" server-transactions/change={(double)commits / changes:0.0}");
            }

            Console.WriteLine(line);
        }
        finally
        {
            foreach (var runtime in runtimes)
            {
                await runtime.DisposeAsync();
            }

            if (connectionString is not null)
            {
                await using var dataSource = NpgsqlDataSource.Create(connectionString);
                await using var drop = dataSource.CreateCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
                await drop.ExecuteNonQueryAsync();
            }
        }
    }

    /// <summary>Waits until one instance's snapshot shows the state, checking at each of its change signals; gives the milliseconds
    /// on the stopwatch then.</summary>
    private static Task<double> SeenAsync(PluginRuntime runtime, PluginState expected, Stopwatch stopwatch)
    {
        var reached = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            // The token first: a snapshot replaced between the two reads then fires it, so no change is missed.
            var token = runtime.GetChangeToken();
            if (runtime.GetPlugin("alpha").State == expected)
            {
                reached.TrySetResult(stopwatch.Elapsed.TotalMilliseconds);
                return;
            }

            token.RegisterChangeCallback(_ => Check(), null);
        }

        Check();
        return reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task<long> CommitsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_stat_clear_snapshot(); SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return reader.GetInt64(0);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
