using System.Text.Json;
using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Tests.Manifest;

[TestFixture]
public sealed class ManifestJsonContextTests
{
    [Test]
    public void Serialize_Manifest_WritesCamelCaseAndBotHqAndSkipsNulls()
    {
        var manifest = new PluginManifest
        {
            Name = "my-plugin",
            Version = "1.0.0",
            BotHq = new PluginHostRequirements { MinVersion = "1.2.0" },
            Mcp = new PluginMcpManifest { Entry = "server.js", Env = new Dictionary<string, string> { ["LOG_LEVEL"] = "debug" } },
        };

        var json = JsonSerializer.Serialize(manifest, ManifestJsonContext.Default.PluginManifest);

        Assert.That(json, Is.EqualTo("""{"name":"my-plugin","version":"1.0.0","bot-hq":{"minVersion":"1.2.0"},"mcp":{"entry":"server.js","env":{"LOG_LEVEL":"debug"}}}"""));
    }

    [TestCase("""{"name":"a","version":"1.0.0","mcp":{"entry":"s.js","approval":"*"}}""", new[] { "*" })]
    [TestCase("""{"name":"a","version":"1.0.0","mcp":{"entry":"s.js","approval":["x","y"]}}""", new[] { "x", "y" })]
    public void RoundTrip_Approval_ReadsStarAsOneItem_AndWritesItBackAsTheString(string json, string[] expected)
    {
        var manifest = JsonSerializer.Deserialize(json, ManifestJsonContext.Default.PluginManifest)!;

        Assert.That(manifest.Mcp!.Approval, Is.EqualTo(expected));
        Assert.That(JsonSerializer.Serialize(manifest, ManifestJsonContext.Default.PluginManifest), Is.EqualTo(json));
    }

    [TestCase("""{"name":"a","version":"1.0.0","mcp":{"entry":"s.js","approval":"all"}}""")]
    [TestCase("""{"name":"a","version":"1.0.0","mcp":{"entry":"s.js","approval":[1]}}""")]
    [TestCase("""{"name":"a","version":"1.0.0","mcp":{"entry":"s.js","approval":{}}}""")]
    public void Deserialize_BadApproval_Throws(string json)
    {
        Assert.That(() => JsonSerializer.Deserialize(json, ManifestJsonContext.Default.PluginManifest), Throws.InstanceOf<JsonException>());
    }

    [Test]
    public void Deserialize_UnknownMembers_AreIgnored()
    {
        const string json = """{"name":"a","version":"1.0.0","future":{"deep":[1,2]},"ui":{"tabs":[{"id":"t","component":"c.js","badge":true}]}}""";

        var manifest = JsonSerializer.Deserialize(json, ManifestJsonContext.Default.PluginManifest)!;

        Assert.That(manifest.Ui!.Tabs!.Single().Component, Is.EqualTo("c.js"));
    }

    [Test]
    public void RoundTrip_FullSample_KeepsEveryMember()
    {
        var first = JsonSerializer.Deserialize(ManifestSamples.Full, ManifestJsonContext.Default.PluginManifest)!;

        var again = JsonSerializer.Deserialize(JsonSerializer.Serialize(first, ManifestJsonContext.Default.PluginManifest), ManifestJsonContext.Default.PluginManifest)!;

        Assert.That(JsonSerializer.Serialize(again, ManifestJsonContext.Default.PluginManifest),
            Is.EqualTo(JsonSerializer.Serialize(first, ManifestJsonContext.Default.PluginManifest)));
        Assert.That(again.Settings!["sort"].Default!.Value.GetString(), Is.EqualTo("updated"));
    }
}
