using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace BotHq.Plugins.AI.Tests.TestSupport;

/// <summary>Plays the model for <see cref="FunctionInvokingChatClient"/>: answers each request with the next scripted step, and
/// records every request (the messages and the options, with the tools) it was sent.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatMessage>> _steps = new();
    private readonly Lock _gate = new();

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    /// <summary>Next, asks for one or more tool calls, each by the name the model saw and with its arguments.</summary>
    public ScriptedChatClient CallTools(params (string Name, IDictionary<string, object?>? Arguments)[] calls)
    {
        _steps.Enqueue((_, _) => new ChatMessage(
            ChatRole.Assistant,
            [.. calls.Select((call, i) => (AIContent)new FunctionCallContent($"call-{Requests.Count}-{i}", call.Name, call.Arguments))]));
        return this;
    }

    /// <summary>Next, asks for one tool call.</summary>
    public ScriptedChatClient CallTool(string name, IDictionary<string, object?>? arguments = null) => CallTools((name, arguments));

    /// <summary>Next, answers with text.</summary>
    public ScriptedChatClient Answer(string text)
    {
        _steps.Enqueue((_, _) => new ChatMessage(ChatRole.Assistant, text));
        return this;
    }

    /// <summary>Gets the tool results the model was sent in its last request.</summary>
    public IReadOnlyList<FunctionResultContent> LastResults() =>
        [.. Requests[^1].Messages.SelectMany(message => message.Contents).OfType<FunctionResultContent>()];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Func<IReadOnlyList<ChatMessage>, ChatOptions?, ChatMessage> step;
        IReadOnlyList<ChatMessage> history = [.. messages];
        lock (_gate)
        {
            Requests.Add((history, options));
            if (!_steps.TryDequeue(out step!))
            {
                throw new InvalidOperationException($"The scripted model was asked a {Requests.Count}th time, but its script has no more steps.");
            }
        }

        return Task.FromResult(new ChatResponse(step(history, options)));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
