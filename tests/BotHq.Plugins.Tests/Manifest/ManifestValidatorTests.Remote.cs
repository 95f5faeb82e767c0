using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Tests.Manifest;

/// <summary>The rules of a remote MCP server: <c>mcp.url</c>, <c>mcp.headers</c> and the transport they select.</summary>
public sealed partial class ManifestValidatorTests
{
    private const string Credentials = "'credentials': {'API_TOKEN': {'type': 'secret'}}";

    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'url': 'https://x.example/mcp'}}", "$.mcp", "more than one of \"entry\", \"command\" and \"url\"")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'tools': ['x']}}", "$.mcp", "or \"url\" (a remote server's endpoint")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 5}}", "$.mcp.url", "must be a string")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'mcp.example.com/mcp'}}", "$.mcp.url", "must be an absolute https URL")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'ftp://mcp.example.com/mcp'}}", "$.mcp.url", "must be an absolute https URL")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'http://mcp.example.com/mcp'}}", "$.mcp.url", "uses http to a host that is not a loopback address")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'http://10.0.0.1:8080/mcp'}}", "$.mcp.url", "not a loopback address")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'http://localhost.example.com/mcp'}}", "$.mcp.url", "not a loopback address")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://bob:hunter2@mcp.example.com/mcp'}}", "$.mcp.url", "holds a user name or password")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://mcp.example.com/mcp?api_key=abc'}}", "$.mcp.url", "has the query parameter 'api_key', which looks like a secret")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://mcp.example.com/mcp?x=1&Access-Token=abc'}}", "$.mcp.url", "'Access-Token', which looks like a secret")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://mcp.example.com/mcp?sig=abc'}}", "$.mcp.url", "'sig', which looks like a secret")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://mcp.example.com/${API_TOKEN}/mcp'}, " + Credentials + "}", "$.mcp.url", "references a credential")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://mcp.example.com/mcp#top'}}", "$.mcp.url", "has a fragment")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'transport': 'stdio'}}", "$.mcp.transport", "is \"stdio\" but \"url\" names a remote server")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'transport': 'sse'}}", "$.mcp.transport", "'sse' is not a transport")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'args': ['x']}}", "$.mcp.args", "is for a server the runtime starts")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'env': {'A': 'b'}}}", "$.mcp.env", "is for a server the runtime starts")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'entry': 's.js', 'headers': {'X-A': 'b'}}}", "$.mcp.headers", "is only for a remote server at \"url\"")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': ['X-A: b']}}", "$.mcp.headers", "must be an object")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'X A': 'b'}}}", "$.mcp.headers['X A']", "is not a valid header name")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'X:A': 'b'}}}", "$.mcp.headers.X:A", "is not a valid header name")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'': 'b'}}}", "$.mcp.headers['']", "is not a valid header name")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'mcp-session-id': 'b'}}}", "$.mcp.headers.mcp-session-id", "is set by the runtime")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'Mcp-Param-Region': 'b'}}}", "$.mcp.headers.Mcp-Param-Region", "is set by the runtime")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'Content-Type': 'text/plain'}}}", "$.mcp.headers.Content-Type", "is set by the runtime")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'X-A': 'b', 'x-a': 'c'}}}", "$.mcp.headers.x-a", "repeats a header already given")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'X-A': 5}}}", "$.mcp.headers.X-A", "must be a string, not the number 5")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'X-A': 'a\\nb'}}}", "$.mcp.headers.X-A", "holds a line break")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'Authorization': 'Bearer ${API_TOKEN'}}, " + Credentials + "}", "$.mcp.headers.Authorization", "without its closing '}'")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'Authorization': 'Bearer ${API-TOKEN}'}}, " + Credentials + "}", "$.mcp.headers.Authorization", "references '${API-TOKEN}', which is not a credential key")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'Authorization': 'Bearer ${API_TOKN}'}}, " + Credentials + "}", "$.mcp.headers.Authorization", "references the credential 'API_TOKN', which is not declared")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'Authorization': 'Bearer ${api_token}'}}, " + Credentials + "}", "$.mcp.headers.Authorization", "keys are case-sensitive")]
    [TestCase("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'Authorization': 'Bearer ${API_TOKEN}'}}}", "$.mcp.headers.Authorization", "add it under credentials")]
    public void Validate_RemoteRuleBroken_ReportsPathAndMessage(string json, string path, string message) =>
        Validate_RuleBroken_ReportsPathAndMessage(json, path, message);

    [TestCase("https://mcp.example.com/mcp")]
    [TestCase("https://mcp.example.com:8443/v1/mcp?region=eu&format=json")]
    [TestCase("http://localhost:3000/mcp")]
    [TestCase("http://LOCALHOST/mcp")]
    [TestCase("http://127.0.0.1:8080/mcp")]
    [TestCase("http://127.1.2.3/mcp")]
    [TestCase("http://[::1]:8080/mcp")]
    public void Validate_AcceptedUrl_IsValidAndSelectsHttp(string url)
    {
        var result = Validate(Json($"{{'name': 'a', 'version': '1.0.0', 'mcp': {{'url': '{url}'}}}}"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty, () => Describe(result.Problems));
            Assert.That(result.Manifest!.Mcp!.Url, Is.EqualTo(url));
            Assert.That(result.Manifest.Mcp.Transport, Is.Null);
        });
    }

    [Test]
    public void Validate_RemoteServer_ReadsUrlAndHeadersAsWritten()
    {
        var result = Validate(ManifestSamples.RemoteServer);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Is.Empty, () => Describe(result.Problems));
            Assert.That(result.Manifest!.Mcp!.Url, Is.EqualTo("https://mcp.example.com/mcp?region=eu"));
            Assert.That(result.Manifest.Mcp.Transport, Is.EqualTo("http"));
            Assert.That(result.Manifest.Mcp.Headers, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["Authorization"] = "Bearer ${API_TOKEN}",
                ["X-Team"] = "${TEAM}-bots",
                ["User-Agent"] = "bots/1.0",
            }));
        });
    }

    [Test]
    public void Validate_SecretInUrl_IsNeverQuotedInTheProblems()
    {
        var result = Validate(Json("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'http://bob:s3cr3t-pw@mcp.example.com/mcp?token=t0k3n-value'}}"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Has.Count.EqualTo(3), () => Describe(result.Problems));
            Assert.That(Describe(result.Problems), Does.Not.Contain("s3cr3t-pw").And.Not.Contain("t0k3n-value"));
        });
    }

    [Test]
    public void Validate_HeaderValueWithControlCharacter_IsNotQuotedInTheProblem()
    {
        var result = Validate(Json("{'name': 'a', 'version': '1.0.0', 'mcp': {'url': 'https://x.example/mcp', 'headers': {'X-Key': 'sk-live-123\\r\\n'}}}"));

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems, Has.Count.EqualTo(1), () => Describe(result.Problems));
            Assert.That(Describe(result.Problems), Does.Not.Contain("sk-live-123"));
        });
    }
}
