using System.Globalization;
using System.Text.Json;
using BotHq.Plugins.AI.Tests.TestSupport;
using BotHq.Plugins.Tests.Mcp;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace BotHq.Plugins.AI.Tests;

/// <summary>Microsoft.Extensions.AI's <see cref="FunctionInvokingChatClient"/> calls plugin tools through our functions, against
/// the C# SDK test server, and the model receives the real results.</summary>
public sealed class PluginToolFunctionTests
{
    private ToolBed _bed = null!;

    [SetUp]
    public async Task SetUp()
    {
        _bed = new ToolBed(o => o.Mcp.CallTimeout = TimeSpan.FromSeconds(30));
        _bed.WriteTestServerPlugin("server", ["--content-tools"]);
        await _bed.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _bed.DisposeAsync();
        await ServerProcesses.AssertNoneRemainAsync();
    }

    [Test]
    public async Task Text_ModelCallsTheTool_ReceivesTheTextAndTheTurnGoesOn()
    {
        _bed.Model.CallTool("server_echo", new Dictionary<string, object?> { ["text"] = "hi there" }).Answer("done");

        var response = await _bed.Chat.GetResponseAsync("echo something", await _bed.OptionsAsync());

        var result = _bed.Model.LastResults().Single();
        Assert.That(response.Text, Is.EqualTo("done"));
        Assert.That(result.Exception, Is.Null);
        var text = Contents(result).Cast<TextContent>().Single();
        Assert.That(text.Text, Is.EqualTo("hi there"));
        Assert.That(((JsonElement)text.RawRepresentation!).GetProperty("type").GetString(), Is.EqualTo("text"), "the block as the server sent it");
    }

    [Test]
    public async Task Image_BecomesDataContentWithItsMediaType()
    {
        _bed.Model.CallTool("server_image").Answer("seen");

        await _bed.Chat.GetResponseAsync("show me", await _bed.OptionsAsync());

        var contents = Contents(_bed.Model.LastResults().Single());
        Assert.That(contents, Has.Count.EqualTo(2));
        Assert.That(((TextContent)contents[0]).Text, Is.EqualTo("a dot:"));
        var image = (DataContent)contents[1];
        Assert.That(image.MediaType, Is.EqualTo("image/png"));
        Assert.That(image.Data.ToArray()[1..4], Is.EqualTo("PNG"u8.ToArray()));
    }

    [Test]
    public async Task Audio_BecomesDataContentWithItsMediaType()
    {
        _bed.Model.CallTool("server_audio").Answer("heard");

        await _bed.Chat.GetResponseAsync("play", await _bed.OptionsAsync());

        var audio = (DataContent)Contents(_bed.Model.LastResults().Single()).Single();
        Assert.That(audio.MediaType, Is.EqualTo("audio/wav"));
        Assert.That(audio.Data.ToArray()[..4], Is.EqualTo("RIFF"u8.ToArray()));
    }

    [Test]
    public async Task ResourceLink_BecomesUriContent_WithItsNameAndTitle()
    {
        _bed.Model.CallTool("server_resource_link").Answer("linked");

        await _bed.Chat.GetResponseAsync("link", await _bed.OptionsAsync());

        var link = (UriContent)Contents(_bed.Model.LastResults().Single()).Single();
        Assert.That(link.Uri, Is.EqualTo(new Uri("test://files/report.pdf")));
        Assert.That(link.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(link.AdditionalProperties!["name"], Is.EqualTo("report.pdf"));
        Assert.That(link.AdditionalProperties["title"], Is.EqualTo("The report"));
    }

    [Test]
    public async Task EmbeddedResources_BecomeTextAndDataContent_WithTheirUri()
    {
        _bed.Model.CallTool("server_embedded_resource").Answer("read");

        await _bed.Chat.GetResponseAsync("read", await _bed.OptionsAsync());

        var contents = Contents(_bed.Model.LastResults().Single());
        var text = (TextContent)contents[0];
        var blob = (DataContent)contents[1];
        Assert.That(text.Text, Is.EqualTo("note one"));
        Assert.That(text.AdditionalProperties!["uri"], Is.EqualTo("test://notes/1"));
        Assert.That(blob.Data.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(blob.MediaType, Is.EqualTo("application/octet-stream"));
        Assert.That(blob.AdditionalProperties!["uri"], Is.EqualTo("test://blobs/1"));
    }

    [Test]
    public async Task Structured_TheTextBlockWithTheSameJsonKeepsIt_AndNothingIsRepeated()
    {
        _bed.Model.CallTool("server_structured").Answer("summed");
        var options = await _bed.OptionsAsync();

        await _bed.Chat.GetResponseAsync("sum", options);

        var function = options.Tools!.OfType<PluginToolFunction>().Single(f => f.ToolName == "structured");
        var text = (TextContent)Contents(_bed.Model.LastResults().Single()).Single();
        var structured = (JsonElement)text.AdditionalProperties![PluginToolFunction.StructuredContentKey]!;
        Assert.That(structured.GetProperty("sum").GetInt32(), Is.EqualTo(3));
        Assert.That(function.ReturnJsonSchema!.Value.GetProperty("properties").GetProperty("sum").GetProperty("type").GetString(), Is.EqualTo("integer"));
    }

    [Test]
    public async Task StructuredOnly_IsAddedAsTextTheModelCanRead()
    {
        _bed.Model.CallTool("server_structured_only").Answer("summed");

        await _bed.Chat.GetResponseAsync("sum", await _bed.OptionsAsync());

        var text = (TextContent)Contents(_bed.Model.LastResults().Single()).Single();
        Assert.That(JsonDocument.Parse(text.Text).RootElement.GetProperty("sum").GetInt32(), Is.EqualTo(5));
        Assert.That(text.AdditionalProperties![PluginToolFunction.StructuredContentKey], Is.InstanceOf<JsonElement>());
    }

    [Test]
    public async Task IsError_ReachesTheModelAsAnErrorItCanRead_NotAnException()
    {
        _bed.Model.CallTool("server_fail_tool").Answer("I see it failed");

        var response = await _bed.Chat.GetResponseAsync("fail", await _bed.OptionsAsync());

        var result = _bed.Model.LastResults().Single();
        var error = (ErrorContent)Contents(result).Single();
        Assert.That(response.Text, Is.EqualTo("I see it failed"));
        Assert.That(result.Exception, Is.Null);
        Assert.That(error.Message, Is.EqualTo("the tool failed"));
        Assert.That(error.ErrorCode, Is.EqualTo(PluginToolErrorCodes.ToolError));
        Assert.That(error.Details, Does.Contain("fail_tool").And.Contain("server"));
    }

    [Test]
    public async Task JsonRpcError_ReachesTheModelAsAProtocolError()
    {
        _bed.Model.CallTool("server_protocol_error").Answer("noted");

        await _bed.Chat.GetResponseAsync("break", await _bed.OptionsAsync());

        var error = (ErrorContent)Contents(_bed.Model.LastResults().Single()).Single();
        Assert.That(error.ErrorCode, Is.EqualTo(PluginToolErrorCodes.ProtocolError));
        Assert.That(error.Message, Does.Contain("bad arguments for protocol_error"));
    }

    [Test]
    public async Task Schema_IsTheToolsInputSchemaAsIs_AndTheModelSeesThePrefixedNames()
    {
        var tools = await _bed.Catalog.GetToolsAsync();
        _bed.Model.Answer("nothing to do");

        await _bed.Chat.GetResponseAsync("hello", new ChatOptions { Tools = [.. tools] });

        var offered = _bed.Model.Requests[0].Options!.Tools!.Select(tool => tool.Name).ToList();
        var echo = tools.OfType<PluginToolFunction>().Single(f => f.ToolName == "echo");
        var listed = (await _bed.Runtime.ListToolsAsync("server")).Single(t => t.Name == "echo");
        Assert.That(offered, Does.Contain("server_echo").And.Contain("server_resource_link"));
        Assert.That(echo.JsonSchema.GetRawText(), Is.EqualTo(listed.InputSchema.GetRawText()));
        Assert.That(echo.Description, Is.EqualTo("Returns its text argument."));
        Assert.That(echo.AdditionalProperties[PluginToolFunction.PluginNameKey], Is.EqualTo("server"));
        Assert.That(echo.AdditionalProperties[PluginToolFunction.ToolNameKey], Is.EqualTo("echo"));
    }

    [Test]
    public async Task DisabledPlugin_ToolFromAnOldList_GivesTheModelAClearError()
    {
        var options = await _bed.OptionsAsync();
        await _bed.Runtime.SetEnabledAsync("server", false);
        _bed.Model.CallTool("server_echo", new Dictionary<string, object?> { ["text"] = "late" }).Answer("ok, it is off");

        var response = await _bed.Chat.GetResponseAsync("echo", options);

        var error = (ErrorContent)Contents(_bed.Model.LastResults().Single()).Single();
        Assert.That(response.Text, Is.EqualTo("ok, it is off"));
        Assert.That(error.ErrorCode, Is.EqualTo(PluginToolErrorCodes.PluginUnavailable));
        Assert.That(error.Message, Does.Contain("'server' is disabled"));
        Assert.That(await _bed.Catalog.GetToolsAsync(), Is.Empty, "the catalog no longer offers it");
    }

    [Test]
    public async Task UninstalledPlugin_ToolFromAnOldList_GivesTheModelAClearError()
    {
        var options = await _bed.OptionsAsync();
        await _bed.Runtime.UninstallAsync("server");
        _bed.Model.CallTool("server_echo", new Dictionary<string, object?> { ["text"] = "late" }).Answer("gone");

        await _bed.Chat.GetResponseAsync("echo", options);

        var error = (ErrorContent)Contents(_bed.Model.LastResults().Single()).Single();
        Assert.That(error.ErrorCode, Is.EqualTo(PluginToolErrorCodes.PluginUnavailable));
        Assert.That(error.Message, Does.Contain("server"));
    }

    [Test]
    public async Task InvokeAsync_CancelledByTheCaller_Throws()
    {
        var hang = (await _bed.Catalog.GetToolsAsync()).Single(f => f.Name == "server_hang");
        using var cancellation = new CancellationTokenSource();
        var call = hang.InvokeAsync(new AIFunctionArguments(), cancellation.Token).AsTask();

        await cancellation.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task InvokeAsync_ArgumentsOfAnyType_ReachTheServerAsJson()
    {
        var echo = (await _bed.Catalog.GetToolsAsync()).Single(f => f.Name == "server_echo");

        var fromElement = await echo.InvokeAsync(new AIFunctionArguments { ["text"] = JsonDocument.Parse("\"element\"").RootElement });
        var fromString = await echo.InvokeAsync(new AIFunctionArguments { ["text"] = "string" });

        Assert.That(((IList<AIContent>)fromElement!).OfType<TextContent>().Single().Text, Is.EqualTo("element"));
        Assert.That(((IList<AIContent>)fromString!).OfType<TextContent>().Single().Text, Is.EqualTo("string"));
    }

    [Test]
    public async Task Timeout_ReachesTheModelAsAnError()
    {
        // On fake time the 300 ms cannot run out during the server's start or the tool list, however slow the machine: only
        // the advance below, once the server holds the call, moves the clock.
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        await using var bed = new ToolBed(o => o.Mcp.CallTimeout = TimeSpan.FromMilliseconds(300));
        var record = new ServerRecord(bed.Harness.Root.Combine("slowpoke.record"));
        bed.WriteTestServerPlugin("slowpoke", ["--record", record.Path]);
        await bed.StartAsync(timeProvider: time);
        bed.Model.CallTool("slowpoke_hang").Answer("too slow");

        var response = bed.Chat.GetResponseAsync("wait", await bed.OptionsAsync());
        Assert.That(await record.WaitForAsync(r => r.Events("call hang").Count == 1), Is.True, "the server received the call");
        time.Advance(TimeSpan.FromMilliseconds(300));
        await response;

        var error = (ErrorContent)Contents(bed.Model.LastResults().Single()).Single();
        Assert.That(error.ErrorCode, Is.EqualTo(PluginToolErrorCodes.Timeout));
    }

    internal static IList<AIContent> Contents(FunctionResultContent result) =>
        result.Result as IList<AIContent> ?? throw new AssertionException($"The result is a {result.Result?.GetType().Name ?? "null"}, not a list of AIContent: {result.Result}");
}
