using System.Text;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>The five kinds of credential value the secret-leak tests set: each breaks a different way of masking.</summary>
internal static class TestSecrets
{
    public const string SingleLine = "sk-live-51HcQ2eZvKYlo2C0aIiXyZ9wqT";

    /// <summary>A PEM-like value: several lines, every one of at least eight characters, with <c>+</c> and <c>/</c> in them.</summary>
    public const string MultiLine = """
        -----BEGIN BOTHQ TEST KEY-----
        MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu
        KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm
        /zZ3VvQ9hT4kLx7m2NcR8bWgYp0s5fUaE1iJdKoHqXr6lCt3eMnOyPzAvBwGjS9u
        -----END BOTHQ TEST KEY-----
        """;

    /// <summary>Every character System.Text.Json escapes by default (quote, backslash, <c>+ &lt; &gt; &amp; ' `</c>).</summary>
    public const string JsonEscapable = "p@ss+w<o>r&d'q\"uo\\te`9+Zk";

    public const string Unicode = "пароль-密码-🔑-كلمة-sécurité-Straße-😀";

    /// <summary>Gets a 4 KB value (letters and digits, fixed by a seed so a failure can be reproduced).</summary>
    public static string FourKilobytes { get; } = Generate(4096);

    /// <summary>Gets each kind by name, for test cases.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["single-line"] = SingleLine,
        ["multi-line"] = MultiLine,
        ["json-escapable"] = JsonEscapable,
        ["4kb"] = FourKilobytes,
        ["unicode"] = Unicode,
    };

    /// <summary>Gets the credential key each kind is set under when all five are set at once: <c>HOSTILE_</c> and the kind's name.</summary>
    public static IReadOnlyDictionary<string, string> ByCredentialKey { get; } =
        All.ToDictionary(kind => "HOSTILE_" + kind.Key.Replace('-', '_').ToUpperInvariant(), kind => kind.Value, StringComparer.Ordinal);

    /// <summary>Gets the manifest's <c>credentials</c> member declaring every key of <see cref="ByCredentialKey"/>.</summary>
    public static string CredentialsManifest =>
        "{" + string.Join(", ", ByCredentialKey.Keys.Select(key => $$"""
            "{{key}}": { "type": "secret", "label": "{{key}}" }
            """)) + "}";

    private static string Generate(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(20260713);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }
}
