using System.Diagnostics;

namespace BotHq.Plugins.Extensions;

/// <summary>One plugin's hook call while a fire waits for it.</summary>
/// <param name="Extension">The plugin's extension.</param>
/// <param name="Call">The call, on the thread pool; <see langword="null"/> in the places of plugins that were not called.</param>
/// <param name="Activity">Its activity, ended with its result.</param>
/// <param name="Start">When it started (<see cref="TimeProvider.GetTimestamp"/>).</param>
internal readonly record struct RunningHook(LoadedExtension Extension, PluginCall<string?>? Call, Activity? Activity, long Start);
