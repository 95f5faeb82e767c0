using System.Diagnostics;

namespace BotHq.Plugins.Extensions;

/// <summary>What one plugin's hook call carries: what to call, and what its result is reported with.</summary>
/// <param name="Host">The host that reports it.</param>
/// <param name="Extension">The plugin's extension.</param>
/// <param name="Kind">The hook.</param>
/// <param name="Args">The hook's arguments.</param>
/// <param name="Activity">Its activity, ended with its result.</param>
/// <param name="Start">When it started (<see cref="TimeProvider.GetTimestamp"/>).</param>
internal readonly record struct HookState(ExtensionHost Host, LoadedExtension Extension, HookKind Kind, HookArgs Args, Activity? Activity, long Start);
