using System.Net;
using System.Text.Json;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>Reads and checks the plugin endpoints' responses: JSON bodies and RFC 9457 problem details.</summary>
internal static class HttpAssert
{
    /// <summary>Checks a 2xx JSON response and returns its body's root.</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Checks a problem details response (status, media type, title, no stack trace) and returns its body's root.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), text);
        var root = JsonDocument.Parse(text).RootElement.Clone();
        Assert.That(root.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
        Assert.That(root.GetProperty("title").GetString(), Is.Not.Empty);
        AssertNoStackTrace(text);
        return root;
    }

    /// <summary>Returns the messages a validation problem lists for one field.</summary>
    public static string[] Errors(JsonElement problem, string field) =>
        [.. problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!)];

    public static void AssertNoStackTrace(string text)
    {
        Assert.That(text, Does.Not.Match(@"\bat [A-Za-z_][\w.`]*\.[\w<>]+\("), "a stack trace frame");
        Assert.That(text, Does.Not.Contain(".cs:line"), "a source line");
        Assert.That(text, Does.Not.Contain("--- End of"), "a stack trace separator");
    }
}
