using System.Reflection;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.Benchmarks.Support;

namespace BotHq.Plugins.Benchmarks.Quick;

/// <summary>A benchmark class as the quick runner and the smoke test see it: its parameters, setup and cleanup methods, and
/// its [Benchmark] methods grouped by category, each group holding one baseline.</summary>
internal sealed class BenchmarkClass
{
    private BenchmarkClass(Type type)
    {
        Type = type;
        Quick = type.GetCustomAttribute<QuickRunAttribute>() ?? throw new InvalidOperationException($"{type.Name} has no [QuickRun].");
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance);
        GlobalSetup = methods.SingleOrDefault(m => m.IsDefined(typeof(GlobalSetupAttribute)));
        GlobalCleanup = methods.SingleOrDefault(m => m.IsDefined(typeof(GlobalCleanupAttribute)));
        IterationSetup = methods.SingleOrDefault(m => m.IsDefined(typeof(IterationSetupAttribute)));
        IterationCleanup = methods.SingleOrDefault(m => m.IsDefined(typeof(IterationCleanupAttribute)));
        Parameters = [.. type.GetProperties().Where(p => p.IsDefined(typeof(ParamsAttribute))).Select(p => (p, p.GetCustomAttribute<ParamsAttribute>()!.Values))];
        Methods = [.. methods.Where(m => m.IsDefined(typeof(BenchmarkAttribute))).Select(BenchmarkMethod.From)];
    }

    /// <summary>Gets every benchmark class, in the order the quick runner reports them.</summary>
    public static IReadOnlyList<BenchmarkClass> All { get; } =
    [
        new(typeof(Stores.StoreBenchmarks)),
        new(typeof(Stores.PostgreSqlStoreBenchmarks)),
        new(typeof(Mcp.McpCallBenchmarks)),
        new(typeof(Mcp.McpHttpCallBenchmarks)),
        new(typeof(Mcp.McpColdStartBenchmarks)),
        new(typeof(Startup.StartupBenchmarks)),
        new(typeof(Startup.CliStartupBenchmarks)),
        new(typeof(Hooks.HookBenchmarks)),
        new(typeof(Masking.MaskingBenchmarks)),
        new(typeof(AI.PluginToolBenchmarks)),
    ];

    public Type Type { get; }

    public QuickRunAttribute Quick { get; }

    public MethodInfo? GlobalSetup { get; }

    public MethodInfo? GlobalCleanup { get; }

    public MethodInfo? IterationSetup { get; }

    public MethodInfo? IterationCleanup { get; }

    public IReadOnlyList<(PropertyInfo Property, object?[] Values)> Parameters { get; }

    public IReadOnlyList<BenchmarkMethod> Methods { get; }

    /// <summary>Gets the methods by category, in declaration order.</summary>
    public IEnumerable<IGrouping<string, BenchmarkMethod>> Categories => Methods.GroupBy(m => m.Category);

    /// <summary>Gets every combination of parameter values (one empty combination when there are none).</summary>
    public IEnumerable<IReadOnlyList<(PropertyInfo Property, object? Value)>> Cases()
    {
        IEnumerable<IReadOnlyList<(PropertyInfo, object?)>> cases = [[]];
        foreach (var (property, values) in Parameters)
        {
            cases = cases.SelectMany(c => values.Select(v => (IReadOnlyList<(PropertyInfo, object?)>)[.. c, (property, v)])).ToList();
        }

        return cases;
    }

    /// <summary>Gets the fewest cases that use every value of every text parameter at least once, numbers at their first value:
    /// enough to run every code path once (each server, each revision) without the large counts.</summary>
    public IEnumerable<IReadOnlyList<(PropertyInfo Property, object? Value)>> SmokeCases()
    {
        var count = Parameters.Count == 0 ? 1 : Parameters.Max(p => p.Values[0] is string ? p.Values.Length : 1);
        for (var i = 0; i < count; i++)
        {
            yield return [.. Parameters.Select(p => (p.Property, p.Values[0] is string ? p.Values[i % p.Values.Length] : p.Values[0]))];
        }
    }

    public object Create(IReadOnlyList<(PropertyInfo Property, object? Value)> parameters)
    {
        var instance = Activator.CreateInstance(Type)!;
        foreach (var (property, value) in parameters)
        {
            property.SetValue(instance, value);
        }

        return instance;
    }

    /// <summary>Calls a setup, cleanup or benchmark method and waits for it, whatever it returns.</summary>
    public static async Task InvokeAsync(object instance, MethodInfo? method)
    {
        switch (method?.Invoke(instance, null))
        {
            case Task task:
                await task.ConfigureAwait(false);
                break;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                break;
        }
    }
}
