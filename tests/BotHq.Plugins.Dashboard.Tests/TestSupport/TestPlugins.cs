namespace BotHq.Plugins.Dashboard.Tests.TestSupport;

/// <summary>The plugins the dashboard tests install.</summary>
internal static class TestPlugins
{
    /// <summary>The names of the plugins <see cref="WriteEveryState"/> writes, by the state each ends in.</summary>
    public static readonly IReadOnlyDictionary<string, string> StateOf = new Dictionary<string, string>
    {
        ["alpha"] = "enabled",
        ["bravo"] = "disabled",
        ["charlie"] = "needs-configuration",
        ["delta"] = "failed",
        ["echo"] = "incompatible",
        ["foxtrot"] = "missing",
    };

    /// <summary>Writes one plugin per state and an invalid folder; call <see cref="SettleEveryStateAsync"/> once the site runs.</summary>
    public static void WriteEveryState(DashboardSite site)
    {
        site.WritePlugin("alpha", """{"name":"alpha","version":"1.0.0","description":"Works"}""");
        site.WritePlugin("bravo", """{"name":"bravo","version":"2.1.0","description":"Switched off"}""");
        site.WritePlugin("charlie", """
            {"name":"charlie","version":"0.3.0","description":"Needs a token",
             "credentials":{"CHARLIE_TOKEN":{"type":"secret","label":"Token","required":true}}}
            """);
        var delta = site.WritePlugin("delta", """{"name":"delta","version":"1.0.0","description":"Its extension is not an assembly","extensions":"extension/Delta.dll"}""");
        Directory.CreateDirectory(Path.Combine(delta, "extension"));
        File.WriteAllText(Path.Combine(delta, "extension", "Delta.dll"), "this is not a .NET assembly");
        site.WritePlugin("echo", """{"name":"echo","version":"1.0.0","description":"Needs a newer host","bot-hq":{"minVersion":"99.0.0"}}""");
        site.WritePlugin("foxtrot", """{"name":"foxtrot","version":"1.0.0","description":"Its folder goes away"}""");
        site.WritePlugin("broken", """{"name":"Broken Plugin","version":"1.0","settings":{"size":{"type":"huge"}}}""");
    }

    /// <summary>Brings each plugin into its state: disables bravo, makes delta's extension fail to load, removes foxtrot's folder.</summary>
    public static async Task SettleEveryStateAsync(DashboardSite site)
    {
        var runtime = site.Runtime;
        await runtime.SetEnabledAsync("bravo", false);
        runtime.ListActions(ActionKind.Task);
        Directory.Delete(Path.Combine(site.PluginsDirectory, "foxtrot"), recursive: true);
        await runtime.ReloadAsync();
        foreach (var (name, state) in StateOf)
        {
            Assert.That(runtime.GetPlugin(name).State.ToString(), Is.EqualTo(state.Replace("-", "", StringComparison.Ordinal)).IgnoreCase, $"the set-up of {name}");
        }
    }

    /// <summary>A plugin whose MCP server is the test server with a tool per kind of content (text, image, audio, links, resources).</summary>
    public static void WriteTools(DashboardSite site, string name = "tools") =>
        site.WritePlugin(name, $$"""
            {"name":"{{name}}","version":"1.0.0","description":"The test MCP server","mcp":{{TestServers.McpMember("--content-tools")}}}
            """);
}
