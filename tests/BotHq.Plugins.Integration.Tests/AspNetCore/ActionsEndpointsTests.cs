using System.Net;
using System.Text;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>The action endpoints over real HTTP, against the Basic test extension loaded from a real assembly.</summary>
public sealed class ActionsEndpointsTests : FullPluginFixture
{
    [Test]
    public async Task ListActions_Task_ReturnsTheEnabledPluginsActions()
    {
        await using var host = await PluginWebHost.StartAsync(Harness);

        var body = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("_actions/task")));

        Assert.That(body.GetProperty("kind").GetString(), Is.EqualTo("task"));
        var actions = body.GetProperty("actions");
        Assert.That(actions.EnumerateArray().Select(a => a.GetProperty("id").GetString()), Is.EqualTo(new[] { "summarize", "explode", "refuse", "describe-throws" }));
        Assert.That(actions[0].GetRawText(), Is.EqualTo(
            """{"pluginName":"full","kind":"task","id":"summarize","label":"Summarize","description":"Summarize the task","icon":"note","defaultChecked":false}"""));
    }

    [TestCase("approval", "announce")]
    [TestCase("workspace", null)]
    public async Task ListActions_OtherKinds_ListedByKind(string kind, string? id)
    {
        await using var host = await PluginWebHost.StartAsync(Harness);

        var body = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api($"_actions/{kind}")));

        Assert.That(body.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("id").GetString()), Is.EqualTo(id is null ? Array.Empty<string>() : new[] { id }));
    }

    [TestCase("tasks")]
    [TestCase("Task")]
    [TestCase("settings")]
    public async Task ListActions_UnknownKind_Returns404(string kind)
    {
        await using var host = await PluginWebHost.StartAsync(Harness);

        var problem = await HttpAssert.ProblemAsync(await host.Client.GetAsync(PluginWebHost.Api($"_actions/{kind}")), HttpStatusCode.NotFound);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("approval, task or workspace"));
    }

    [Test]
    public async Task ListActions_DisabledPlugin_NotListed()
    {
        await using var host = await PluginWebHost.StartAsync(Harness);
        await HttpAssert.JsonAsync(await host.Client.PatchAsync(PluginWebHost.Api("full"), Json("""{"enabled":false}""")));

        var body = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("_actions/task")));

        Assert.That(body.GetProperty("actions").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task ExecuteAction_TaskContext_ReturnsTheResultWithData()
    {
        await using var host = await PluginWebHost.StartAsync(Harness);

        var result = await HttpAssert.JsonAsync(await host.Client.PostAsync(PluginWebHost.Api("full/actions/summarize"), Json(WebPlugins.TaskContext)));

        Assert.That(result.GetProperty("success").GetBoolean(), Is.True);
        Assert.That(result.GetProperty("message").GetString(), Is.EqualTo("Summary of t-1"));
        Assert.That(result.GetProperty("error").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(result.GetProperty("data").GetProperty("title").GetString(), Is.EqualTo("Fix the login page"));
    }

    [Test]
    public async Task ExecuteAction_EmptyJsonBody_RunsWithAnEmptyContext()
    {
        await using var host = await PluginWebHost.StartAsync(Harness);

        var result = await HttpAssert.JsonAsync(await host.Client.PostAsync(PluginWebHost.Api("full/actions/announce"), Json("")));

        Assert.That(result.GetProperty("success").GetBoolean(), Is.True);
        Assert.That(result.GetProperty("message").GetString(), Is.EqualTo("Announced "));
    }

    [Test]
    public async Task ExecuteAction_ActionFails_Returns200WithTheFailure()
    {
        await using var host = await PluginWebHost.StartAsync(Harness);

        var refused = await HttpAssert.JsonAsync(await host.Client.PostAsync(PluginWebHost.Api("full/actions/refuse"), Json(WebPlugins.TaskContext)));
        var thrown = await HttpAssert.JsonAsync(await host.Client.PostAsync(PluginWebHost.Api("full/actions/explode"), Json(WebPlugins.TaskContext)));

        Assert.That(refused.GetProperty("success").GetBoolean(), Is.False);
        Assert.That(refused.GetProperty("error").GetString(), Is.EqualTo("Nothing to refuse."));
        Assert.That(thrown.GetProperty("success").GetBoolean(), Is.False);
        Assert.That(thrown.GetProperty("error").GetString(), Does.Contain("explode"));
        HttpAssert.AssertNoStackTrace(thrown.GetRawText());
    }

    [Test]
    public async Task ExecuteAction_DisabledPlugin_Returns409()
    {
        await using var host = await PluginWebHost.StartAsync(Harness);
        await HttpAssert.JsonAsync(await host.Client.PatchAsync(PluginWebHost.Api("full"), Json("""{"enabled":false}""")));

        var problem = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("full/actions/summarize"), Json(WebPlugins.TaskContext)), HttpStatusCode.Conflict);

        Assert.That(problem.GetProperty("state").GetString(), Is.EqualTo("disabled"));
        Assert.That(problem.GetProperty("plugin").GetString(), Is.EqualTo("full"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("enable it"));
    }

    [Test]
    public async Task ExecuteAction_UnknownAction_Returns404ListingTheActions()
    {
        await using var host = await PluginWebHost.StartAsync(Harness);

        var problem = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("full/actions/no-such-action"), Json(WebPlugins.TaskContext)), HttpStatusCode.NotFound);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("no-such-action").And.Contain("summarize"));
    }

    [Test]
    public async Task ExecuteAction_PluginWithoutExtension_Returns404()
    {
        Harness.WriteSimplePlugin("plain");
        await using var host = await PluginWebHost.StartAsync(Harness);

        var problem = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("plain/actions/summarize"), Json(WebPlugins.TaskContext)), HttpStatusCode.NotFound);

        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("no extension"));
    }

    [TestCase("""{"task":{"workspaceId":"w-1","title":"t","state":"open"}}""", "$.task")]
    [TestCase("""{"task":"t-1"}""", "$.task")]
    [TestCase("""{"task":{"id":"t-1","workspaceId":"w-1","title":"t","state":"open","priority":"high"}}""", "$.task.priority")]
    [TestCase("""{"approval":{"id":1}}""", "$.approval.id")]
    [TestCase("""[]""", "$")]
    public async Task ExecuteAction_BadContext_Returns400WithThePath(string body, string field)
    {
        await using var host = await PluginWebHost.StartAsync(Harness);

        var problem = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api("full/actions/summarize"), Json(body)), HttpStatusCode.BadRequest);

        Assert.That(HttpAssert.Errors(problem, field), Is.Not.Empty);
    }

    [Test]
    public async Task Routes_PluginsNamedActionsAndTools_ReachTheirActionsAndTools()
    {
        WebPlugins.WriteFull(Harness, "actions");
        WebPlugins.WriteFull(Harness, "tools");
        await using var host = await PluginWebHost.StartAsync(Harness);
        foreach (var name in new[] { "actions", "tools" })
        {
            await HttpAssert.JsonAsync(await host.Client.PutAsync(PluginWebHost.Api($"{name}/credentials"), Json($$"""{"GITHUB_TOKEN":"{{WebPlugins.Token}}"}""")));
        }

        var action = await HttpAssert.JsonAsync(await host.Client.PostAsync(PluginWebHost.Api("actions/actions/summarize"), Json(WebPlugins.TaskContext)));
        var tools = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("tools/tools")));
        var echo = await HttpAssert.JsonAsync(await host.Client.PostAsync(PluginWebHost.Api("tools/tools/echo"), Json("""{"text":"t"}""")));
        var listed = await HttpAssert.JsonAsync(await host.Client.GetAsync(PluginWebHost.Api("_actions/task")));

        Assert.That(action.GetProperty("success").GetBoolean(), Is.True);
        Assert.That(tools.GetProperty("plugin").GetString(), Is.EqualTo("tools"));
        Assert.That(echo.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("t"));
        Assert.That(listed.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("pluginName").GetString()).Distinct(), Is.EqualTo(new[] { "actions", "full", "tools" }));
    }
}
