using System.Text.Json;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.Tests.Mcp;

public sealed class CredentialMaskerTests
{
    [TestCase("plain-secret-123")]
    [TestCase("quote\"and\\backslash")]
    [TestCase("ünïcödé-secret")]
    public void Apply_JsonHoldingSecretInValuesAndNames_MasksEveryOccurrence(string secret)
    {
        var masker = new CredentialMasker([secret]);
        var json = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["token"] = secret,
            [secret] = 1,
            ["nested"] = new object[] { $"prefix {secret} suffix", 42, true },
        });

        var masked = masker.Apply((JsonElement?)json)!.Value;

        var text = masked.GetRawText();
        Assert.That(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(text)!.Keys, Does.Contain("***"));
        Assert.That(masked.GetProperty("token").GetString(), Is.EqualTo("***"));
        Assert.That(masked.GetProperty("nested")[0].GetString(), Is.EqualTo("prefix *** suffix"));
        Assert.That(masked.GetProperty("nested")[1].GetInt32(), Is.EqualTo(42));
        Assert.That(text, Does.Not.Contain(JsonSerializer.Serialize(secret).Trim('"')));
        Assert.That(masker.ApplyToText(json), Does.Not.Contain(secret));
    }

    [Test]
    public void Apply_JsonWithoutSecret_ReturnsItUnchanged()
    {
        var json = JsonSerializer.SerializeToElement(new { a = "b" });

        Assert.That(new CredentialMasker(["secret-value"]).Apply((JsonElement?)json)!.Value.GetRawText(), Is.EqualTo(json.GetRawText()));
        Assert.That(new CredentialMasker([]).Apply((JsonElement?)null), Is.Null);
    }
}
