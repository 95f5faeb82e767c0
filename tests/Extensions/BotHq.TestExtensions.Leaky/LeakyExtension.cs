using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace BotHq.TestExtensions.Leaky;

/// <summary>A careless extension that puts its own credential <c>token</c> in everything it throws and logs: as written, and
/// JSON-escaped. The setting <c>leak-in</c> chooses where it throws: <c>ctor</c>, <c>actions</c> (<see cref="GetActions"/>), or
/// nowhere else (then its task-created hook throws, its agent-start hook throws an <see cref="AggregateException"/>, and its task
/// actions <c>throw</c> (described with the token, and whose description factory throws) and <c>fail</c> throw and return a failure).</summary>
/// <remarks>The constructor reads the token and keeps it; a hook reads it again, so a value changed since is quoted too, old and new.</remarks>
public sealed class LeakyExtension : IPluginExtension, ITaskCreatedHook, IAgentStartHook, IPluginActionProvider
{
    private readonly IPluginContext _context;
    private readonly string? _first;

    public LeakyExtension(IPluginContext context)
    {
        _context = context;
        _first = context.Credentials.GetAsync("token").GetAwaiter().GetResult();
        context.Logger.LogWarning(new InvalidOperationException(Leak("logged exception", _first)), "Constructed with token {Token}; {Text}", _first, Leak("logged", _first));
        using (context.Logger.BeginScope("scope with {Token}", _first))
        {
            context.Logger.LogInformation("Inside a scope");
        }

        if (Setting("leak-in") == "ctor")
        {
            throw new InvalidOperationException(Leak("constructor", _first));
        }
    }

    public async ValueTask OnTaskCreatedAsync(TaskHookData task, CancellationToken cancellationToken)
    {
        var now = await _context.Credentials.GetAsync("token", cancellationToken);
        throw new InvalidOperationException(Leak("hook", now) + " " + Leak("hook (first read)", _first), new ArgumentException(Leak("inner", now)));
    }

    public ValueTask<string?> OnAgentStartAsync(AgentHookData agent, TaskHookData task, CancellationToken cancellationToken) =>
        throw new AggregateException(new InvalidOperationException(Leak("aggregate", _first)), new ArgumentException(Leak("aggregate 2", _first)));

    public IReadOnlyList<PluginAction> GetActions(ActionKind kind)
    {
        if (Setting("leak-in") == "actions")
        {
            throw new InvalidOperationException(Leak($"listing {kind} actions", _first));
        }

        return kind != ActionKind.Task
            ? []
            :
            [
                new PluginAction("throw", "Throw", (_, _) => throw new InvalidOperationException(Leak("action", _first)))
                {
                    Description = Leak("description", _first),
                    DescriptionFactory = _ => throw new InvalidOperationException(Leak("describing", _first)),
                },
                new PluginAction("fail", "Fail", (_, _) => ValueTask.FromResult(ActionResult.Failed(Leak("failed action", _first)))),
            ];
    }

    /// <summary>The text a careless plugin writes: its own words (which must survive masking) around its credential.</summary>
    public static string Leak(string where, string? token) =>
        $"Leaky {where}: the upstream refused token {token} (as JSON: {JsonSerializer.Serialize(token)}), see the docs";

    private string? Setting(string key) => _context.Settings.Find(key) is null ? null : _context.Settings.GetString(key);
}
