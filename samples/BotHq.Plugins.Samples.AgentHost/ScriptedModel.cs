using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace BotHq.Plugins.Samples.AgentHost;

/// <summary>Plays the model offline: asks for the <c>add</c> tool it is offered, then answers with the tool's result.</summary>
/// <remarks>It writes what it receives, so the sample shows what a real model would be given: the plugins' context in the
/// instructions, the plugin tools by name, and the tool's result.</remarks>
internal sealed class ScriptedModel(TextWriter narration) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        if (history.LastOrDefault()?.Contents.OfType<FunctionResultContent>().FirstOrDefault() is { } result)
        {
            var text = result.Result is IEnumerable<AIContent> contents ? string.Concat(contents.OfType<TextContent>().Select(c => c.Text)) : result.Result?.ToString();
            narration.WriteLine($"  (model) received the tool's result: {text}");
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"2 + 40 = {text}, as the add tool computed.")));
        }

        narration.WriteLine($"  (model) instructions: {options?.Instructions?.ReplaceLineEndings(" / ")}");
        var add = options?.Tools?.OfType<AIFunctionDeclaration>().FirstOrDefault(tool => tool.Name.EndsWith("_add", StringComparison.Ordinal));
        if (add is null)
        {
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "I was given no add tool, so I cannot answer.")));
        }

        narration.WriteLine($"  (model) calls {add.Name} with a=2, b=40");
        var call = new FunctionCallContent("call-1", add.Name, new Dictionary<string, object?> { ["a"] = 2, ["b"] = 40 });
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
