using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using BotHq.Plugins.Mcp;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Mcp;

public sealed class CredentialMaskerTests
{
    private const string Pem = "-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcN+LYLInFEX6\nKUpRKfFLfRYC9AIKjbJTWit/CqvjWY\nab\n-----END KEY-----";

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

    [Test]
    public void Apply_NoSecretInText_ReturnsTheSameInstance()
    {
        var text = "nothing to hide here, only ordinary words";

        Assert.That(new CredentialMasker(["sk-live-abcdef123456"]).Apply(text), Is.SameAs(text));
        Assert.That(CredentialMasker.None.Apply(text), Is.SameAs(text));
    }

    [Test]
    public void Apply_EachLineOfAMultiLineValue_IsMaskedAlone()
    {
        var masker = new CredentialMasker([Pem]);

        var lines = Pem.Split('\n').Select(line => masker.Apply($"stderr: {line}")).ToList();

        Assert.That(lines, Is.EqualTo(new[] { "stderr: ***", "stderr: ***", "stderr: ***", "stderr: ab", "stderr: ***" }), "lines of 8+ characters masked; 'ab' would blank ordinary text");
    }

    [Test]
    public void Apply_MultiLineValueWithOtherLineEndsOrTrimmedLines_IsMasked()
    {
        var masker = new CredentialMasker([Pem]);

        Assert.Multiple(() =>
        {
            Assert.That(masker.Apply($"as CRLF: {Pem.ReplaceLineEndings("\r\n")} end"), Is.EqualTo("as CRLF: *** end"));
            Assert.That(new CredentialMasker([Pem.ReplaceLineEndings("\r\n")]).Apply($"[{Pem}]"), Is.EqualTo("[***]"), "stored with CRLF, printed with LF");
            Assert.That(masker.Apply("MIIBOgIBAAJBAKj34GkxFhD90vcN+LYLInFEX6   "), Is.EqualTo("***   "));
        });
    }

    [Test]
    public void Apply_ValueSplitAtAnyPoint_LeavesNoPartOfEightCharacters()
    {
        const string secret = "sk-live-51HcQ2eZvKYlo2C0aIiXyZ9wqT";
        var masker = new CredentialMasker([secret]);
        var scanner = new LeakScanner(new Dictionary<string, string> { ["secret"] = secret });

        for (var split = 1; split < secret.Length; split++)
        {
            scanner.Scan($"first part, split at {split}", masker.Apply($"token={secret[..split]}"));
            scanner.Scan($"second part, split at {split}", masker.Apply($"{secret[split..]} (continued)"));
            scanner.Scan($"shortened to {split}", masker.Apply($"token={secret[..split]}..."));
        }

        scanner.AssertNoLeak();
    }

    [Test]
    public void Apply_ValueShorterThanAFragment_IsMaskedOnlyWhole()
    {
        var masker = new CredentialMasker(["pin4711"]);

        Assert.That(masker.Apply("pin4711 and pin47"), Is.EqualTo("*** and pin47"));
    }

    [Test]
    public void Apply_EscapedAndEncodedForms_AreMasked()
    {
        var masker = new CredentialMasker([TestSecrets.JsonEscapable, TestSecrets.Unicode]);
        string[] forms =
        [
            JsonSerializer.Serialize(TestSecrets.JsonEscapable),
            LowerHex(JsonSerializer.Serialize(TestSecrets.Unicode)),
            JsonSerializer.Serialize(TestSecrets.JsonEscapable, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            JsonSerializer.Serialize(TestSecrets.Unicode),
            Uri.EscapeDataString(TestSecrets.JsonEscapable),
            LowerHex(Uri.EscapeDataString(TestSecrets.Unicode)),
        ];
        var scanner = new LeakScanner(new Dictionary<string, string> { ["escapable"] = TestSecrets.JsonEscapable, ["unicode"] = TestSecrets.Unicode });

        foreach (var form in forms)
        {
            var masked = masker.Apply($"logged: {form}");
            scanner.Scan(form, masked);
            Assert.That(masked, Does.Contain("***"), form);
        }

        scanner.AssertNoLeak();
    }

    [Test]
    public void Apply_HtmlEscapedAndFormEncodedForms_AreMasked()
    {
        const string Passphrase = "correct horse battery staple";
        var secrets = new Dictionary<string, string> { ["escapable"] = TestSecrets.JsonEscapable, ["unicode"] = TestSecrets.Unicode, ["passphrase"] = Passphrase };
        var masker = new CredentialMasker(secrets.Values);
        var forms = secrets.Values.SelectMany(secret => new[]
        {
            WebUtility.HtmlEncode(secret),
            HtmlEncoder.Default.Encode(secret),
            secret.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#x27;"),
        }).Append(Uri.EscapeDataString(Passphrase).Replace("%20", "+")).ToList();
        var scanner = new LeakScanner(secrets);

        foreach (var form in forms)
        {
            var masked = masker.Apply($"logged: {form}");
            scanner.Scan(form, masked);
            Assert.That(masked, Does.Contain("***"), form);
        }

        Assert.That(masker.Apply("correct+horse+battery+staple"), Is.EqualTo("***"), "every run of a form-encoded passphrase is under eight characters");
        scanner.AssertNoLeak();
    }

    [Test]
    public void Apply_JsonEscapingEveryCharacter_ComparesDecodedValuesAndNames()
    {
        const string secret = "a+b<c>d&e'f-secret";
        var escaped = string.Concat(secret.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture).Insert(0, "\\u")));
        using var document = JsonDocument.Parse($$"""{"{{escaped}}": ["{{escaped}}", "x {{secret.Replace("+", "\\u002B", StringComparison.Ordinal)}} y"]}""");

        var masked = new CredentialMasker([secret]).ApplyToText(document.RootElement);

        Assert.That(masked, Is.EqualTo("""{"***":["***","x *** y"]}"""));
    }

    [Test]
    public void Apply_JsonNamesThatMaskAlike_KeepsEveryMember()
    {
        using var document = JsonDocument.Parse("""{"first-secret-value": 1, "second-secret-value": 2, "***": 3}""");

        var masked = new CredentialMasker(["first-secret-value", "second-secret-value"]).Apply((JsonElement?)document.RootElement)!.Value;

        Assert.That(masked.EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())), Is.EqualTo(new[] { ("***", 1), ("***", 2), ("***", 3) }));
    }

    [Test]
    public void ApplyToText_NonAsciiAndControlCharacters_ReadableAndOnOneLine()
    {
        using var document = JsonDocument.Parse("""{"message":"grüße\nzweite Zeile","token":"sk-live-abcdef123456"}""");

        var text = new CredentialMasker(["sk-live-abcdef123456"]).ApplyToText(document.RootElement);

        Assert.That(text, Is.EqualTo("""{"message":"grüße\nzweite Zeile","token":"***"}"""));
    }

    [Test]
    public void ApplyAndCut_ValueAcrossTheCut_CutMovesPastTheWholeValue()
    {
        var masker = new CredentialMasker(["sk-live-abcdef123456"]);
        var text = new string('x', 10) + "sk-live-abcdef123456" + " and more text after it";

        var head = masker.ApplyAndCut(text, 15, out var consumed);

        Assert.That(head, Is.EqualTo(new string('x', 10) + "***"));
        Assert.That(consumed, Is.EqualTo(30));
    }

    [Test]
    public void ApplyAndCut_TextEndsInsideTheValue_CutsBeforeIt()
    {
        var masker = new CredentialMasker(["sk-live-abcdef123456"]);
        var text = new string('x', 10) + "sk-live-abcdef";

        var head = masker.ApplyAndCut(text, 15, out var consumed);

        Assert.That(head, Is.EqualTo(new string('x', 10)));
        Assert.That(consumed, Is.EqualTo(10));
    }

    [Test]
    public void ApplyAndCut_NoValue_CutsAtTheLimitButNotInASurrogatePair()
    {
        var text = "abcd😀efgh";

        var head = CredentialMasker.None.ApplyAndCut(text, 5, out var consumed);

        Assert.That(head, Is.EqualTo("abcd"));
        Assert.That(consumed, Is.EqualTo(4));
    }

    [Test]
    public void Apply_RunStartingAtTheLowHalfOfASurrogatePair_MasksThePairWhole()
    {
        var masker = new CredentialMasker(["😀-emoji-secret-😀"]);

        // U+1FA00 shares its low half with the value's U+1F600: the run starts there, and takes the high half with it.
        Assert.That(masker.Apply("a\uD83E\uDE00-emoji-secret b"), Is.EqualTo("a*** b"));
    }

    /// <summary>Writes the hex digits of every <c>\uXXXX</c> and <c>%XX</c> escape in lower case, as Python and some URL encoders do.</summary>
    private static string LowerHex(string text) =>
        Regex.Replace(text, @"(\\u[0-9A-F]{4}|%[0-9A-F]{2})", match => match.Value.ToLowerInvariant());
}
