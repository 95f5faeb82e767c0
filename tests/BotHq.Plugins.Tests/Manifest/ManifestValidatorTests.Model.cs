using System.Text;
using System.Text.Json;
using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Tests.Manifest;

/// <summary>The model the validator reads in its walk must be what System.Text.Json deserializes from the same text.</summary>
public sealed partial class ManifestValidatorTests
{
    /// <summary>Valid manifests that stress the reading: escapes in names and values, raw numbers, nulls, empty collections, unknown members.</summary>
    private static IEnumerable<TestCaseData> ModelSamples()
    {
        foreach (var sample in ManifestSamples.All())
        {
            yield return sample;
        }

        yield return new TestCaseData("""
            {"n\u0061me":"escaped-names","version":"1.0.0","description":"line\nbreak, \u00e9t\u00e9 \ud83d\ude00, \"quoted\"",
             "settings":{"k\u0065y":{"type":"number","default":1.50e2},"big":{"type":"number","default":123456789012345678901234567890},
                         "s":{"type":"select","options":["a\/b","c"],"default":"a/b"}},
             "mcp":{"command":"node","args":[],"tools":[],"env":{"A_B":"x\"y","EMPTY":""}},
             "credentials":{},"permissions":[],"ui":{"tabs":[]},"author":{},"bot-hq":{}}
            """).SetArgDisplayNames("Escapes");
        yield return new TestCaseData("""
            {"name":"nulls","version":"1.0.0","description":null,"author":null,"repository":null,"license":null,"bot-hq":null,
             "mcp":{"entry":"s.js","command":null,"args":null,"transport":null,"tools":null,"env":null},"extensions":null,
             "ui":{"tabs":null,"workspaceSettings":null},"settings":{"x":{"type":"string","label":null,"description":null,"default":null,"options":null}},
             "credentials":{"T":{"type":"secret","label":null,"description":null}},"permissions":null}
            """).SetArgDisplayNames("Nulls");
        yield return new TestCaseData("""
            {"version":"0.0.1-rc.1+sha.5","name":"reordered","credentials":{"B_TOKEN":{"required":false,"type":"secret"},"A_TOKEN":{"type":"secret","required":true}},
             "settings":{"z":{"default":true,"type":"boolean"},"a":{"default":"x","type":"string","widget":{"nested":[1,{"x":null}]}}},
             "ui":{"taskBadge":"ui/b.js","tabs":[{"component":"ui/t.js","label":"T","id":"t","future":1}]},"extensions":"bin/x.dll"}
            """).SetArgDisplayNames("Reordered");
    }

    [TestCaseSource(nameof(ModelSamples))]
    public void Validate_ValidManifest_ReadsWhatTheSerializerReads(string json)
    {
        var expected = JsonSerializer.Deserialize(json, ManifestJsonContext.Default.PluginManifest)!;

        var result = Validate(json);

        Assert.That(result.Problems, Is.Empty, () => Describe(result.Problems));
        Assert.That(Serialize(result.Manifest), Is.EqualTo(Serialize(expected)));
    }

    [Test]
    public void Validate_ValidManifest_ModelOutlivesTheDocument()
    {
        var manifest = Validate(ManifestSamples.Full).Manifest!;

        // The document is disposed when Validate returns; a default still backed by it would throw here.
        Assert.That(manifest.Settings!["pageSize"].Default!.Value.GetInt32(), Is.EqualTo(50));
    }

    [Test]
    public void Validate_ValidManifest_KeepsSettingsInManifestOrder()
    {
        var manifest = Validate(ManifestSamples.Full).Manifest!;

        Assert.That(manifest.Settings!.Keys, Is.EqualTo(new[] { "apiUrl", "pageSize", "includeClosed", "sort", "notes" }));
    }

    [Test]
    public void Validate_BytesWithByteOrderMark_ReadsWithoutIt()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ManifestSamples.Seed)).ToArray();

        var result = new ManifestValidator("1.0.0").Validate(bytes, _pluginDirectory);

        Assert.That(result.Manifest!.Name, Is.EqualTo("test-plugin"));
    }

    [TestCase(new byte[0])]
    [TestCase(new byte[] { 0xEF, 0xBB, 0xBF })]
    [TestCase(new byte[] { 0xEF, 0xBB, 0xBF, (byte)' ', (byte)'\n' })]
    public void Validate_BytesWithoutContent_IsEmpty(byte[] bytes)
    {
        var result = new ManifestValidator("1.0.0").Validate(bytes, _pluginDirectory);

        Assert.That(result.Problems.Single().Message, Does.StartWith("plugin.json is empty"));
    }

    [Test]
    public void Validate_BytesOverTheLimit_IsRefusedBeforeParsing()
    {
        var bytes = new byte[ManifestValidator.MaxManifestBytes + 1];

        var result = new ManifestValidator("1.0.0").Validate(bytes, _pluginDirectory);

        Assert.That(result.Problems.Single().Message, Does.Contain("over the limit of 1048576 bytes"));
    }

    // Escaped names cannot be compared raw, and large objects are compared through a set: both must still find repeats.
    [TestCase("""{"name":"a","n\u0061me":"b","version":"1.0.0"}""", "$.name")]
    [TestCase("""{"name":"a","version":"1.0.0","settings":{"k":{"type":"string"},"\u006b":{"type":"number"}}}""", "$.settings.k")]
    public void Validate_RepeatedEscapedName_IsReportedOnce(string json, string path)
    {
        var result = Validate(json);

        Assert.That(result.Problems.Where(p => p.Message.Contains("declared more than once", StringComparison.Ordinal)).Select(p => p.Path), Is.EqualTo(new[] { path }));
    }

    [TestCase(24)]
    [TestCase(25)]
    [TestCase(200)]
    public void Validate_RepeatedNameInLargeObject_IsReportedOnceAndFirstCounts(int members)
    {
        var env = string.Join(",", Enumerable.Range(0, members).Select(i => $"\"V{i}\":\"{i}\""));
        var json = "{\"name\":\"a\",\"version\":\"1.0.0\",\"mcp\":{\"command\":\"node\",\"env\":{" + env + ",\"V3\":\"again\",\"V3\":\"and again\"}}}";

        var result = Validate(json);

        Assert.That(result.Problems.Select(p => p.Path), Is.EqualTo(new[] { "$.mcp.env.V3" }));
        Assert.That(result.Problems.Single().Message, Does.Contain("declared more than once"));
    }

    [Test]
    public void Validate_RepeatedName_FirstDeclarationIsTheOneChecked()
    {
        var result = Validate("""{"name":"a","version":"1.0.0","name":"Not Valid"}""");

        Assert.That(result.Name, Is.EqualTo("a"));
        Assert.That(result.Problems.Select(p => p.Path), Is.EqualTo(new[] { "$.name" }));
    }
}
