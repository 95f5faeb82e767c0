using System.Reflection;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.Benchmarks.Support;

namespace BotHq.Plugins.Benchmarks.Quick;

/// <summary>One [Benchmark] method: its category, its role in the category, and the operations one call stands for.</summary>
internal sealed record BenchmarkMethod(MethodInfo Method, string Category, bool IsBaseline, bool IsPhysicalBaseline, int OperationsPerInvoke)
{
    public string Name => Method.Name;

    public static BenchmarkMethod From(MethodInfo method)
    {
        var benchmark = method.GetCustomAttribute<BenchmarkAttribute>()!;
        var category = method.GetCustomAttribute<BenchmarkCategoryAttribute>()?.Categories.Single()
            ?? throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} has no [BenchmarkCategory].");
        return new(method, category, benchmark.Baseline, method.IsDefined(typeof(PhysicalBaselineAttribute)), benchmark.OperationsPerInvoke);
    }

    /// <summary>Binds the method to an instance as a delegate that returns a task, so the timed loop pays no reflection.</summary>
    public Func<Task> Bind(object instance)
    {
        if (typeof(Task).IsAssignableFrom(Method.ReturnType))
        {
            return (Func<Task>)Delegate.CreateDelegate(typeof(Func<>).MakeGenericType(Method.ReturnType), instance, Method);
        }

        return () =>
        {
            Method.Invoke(instance, null);
            return Task.CompletedTask;
        };
    }
}
