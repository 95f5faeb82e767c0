using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using BotHq.Plugins.Dashboard.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace BotHq.Plugins.Dashboard.Tests.Http;

/// <summary>The dashboard's answers over real HTTP: content types, caching, compression, security headers, the event stream and
/// the plugin tab documents.</summary>
public sealed partial class DashboardHttpTests
{
    [Test]
    public async Task Page_AtEachAddress_IsHtmlWithAStrictPolicy()
    {
        await using var site = new DashboardSite();
        site.WritePlugin("alpha", """{"name":"alpha","version":"1.0.0"}""");
        await site.StartAsync();

        foreach (var address in new[] { "/plugins", "/plugins/", "/plugins/alpha", "/plugins/not-installed" })
        {
            var response = await site.Client.GetAsync(address);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), address);
            Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/html; charset=utf-8"), address);
            Assert.That(response.Headers.CacheControl!.NoCache, Is.True, "the page is checked each time; its files are cached for good");
            Assert.That(response.Headers.ETag, Is.Not.Null);
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
            var policy = Directives(response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.That(policy["default-src"], Is.EqualTo("'self'"));
            Assert.That(policy["script-src"], Is.EqualTo("'self'"), "no inline script, no eval");
            Assert.That(policy["style-src"], Is.EqualTo("'self'"), "no inline style");
            Assert.That(policy["frame-src"], Is.EqualTo($"{site.Root}plugins/_tabs/"), "frames for plugin tabs only");
            Assert.That(policy["frame-ancestors"], Is.EqualTo("'self'"));
            Assert.That(policy["object-src"], Is.EqualTo("'none'"));
            Assert.That(policy["require-trusted-types-for"], Is.EqualTo("'script'"));
            var html = await response.Content.ReadAsStringAsync();
            Assert.That(html, Does.Contain("data-base=\"/plugins\"").And.Contain("data-api=\"/api/plugins\""));
            Assert.That(html, Does.Not.Match(@"<script>|<script [^>]*>[^<]|<style|\sstyle=|\son[a-z]+="), "nothing inline");
        }

        Assert.That((await site.Client.GetAsync("/plugins/Not_A_Name")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Page_SameETag_Answers304()
    {
        await using var site = new DashboardSite();
        await site.StartAsync();
        var first = await site.Client.GetAsync("/plugins");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/plugins");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await site.Client.SendAsync(again);

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await second.Content.ReadAsByteArrayAsync(), Is.Empty);
    }

    [Test]
    public async Task Assets_EachReferencedFile_IsServedCompressedAndCachedForGood()
    {
        await using var site = new DashboardSite();
        await site.StartAsync();
        var html = await site.Client.GetStringAsync("/plugins");
        var files = AssetAddress().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.That(files.Select(f => f.Split('/')[^1]), Is.EquivalentTo(new[] { "dashboard.css", "dom.js", "api.js", "list.js", "plugin.js", "settings.js", "tools.js", "actions.js", "app.js" }));

        foreach (var file in files)
        {
            var identity = await GetAsync(site, file, encoding: null);
            Assert.That(identity.StatusCode, Is.EqualTo(HttpStatusCode.OK), file);
            Assert.That(identity.Content.Headers.ContentType!.ToString(), Is.EqualTo(file.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"));
            Assert.That(identity.Headers.CacheControl!.ToString(), Is.EqualTo("public, max-age=31536000, immutable"));
            Assert.That(identity.Headers.Vary, Does.Contain("Accept-Encoding"));
            Assert.That(identity.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            var bytes = await identity.Content.ReadAsByteArrayAsync();

            var brotli = await GetAsync(site, file, "br, gzip");
            Assert.That(brotli.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
            Assert.That(Decompress(await brotli.Content.ReadAsByteArrayAsync(), br: true), Is.EqualTo(bytes));
            Assert.That(brotli.Content.Headers.ContentLength, Is.LessThan(bytes.Length), "smaller");
            var gzip = await GetAsync(site, file, "gzip, br;q=0");
            Assert.That(gzip.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
            Assert.That(Decompress(await gzip.Content.ReadAsByteArrayAsync(), br: false), Is.EqualTo(bytes));
            Assert.That(new[] { identity.Headers.ETag!.Tag, brotli.Headers.ETag!.Tag, gzip.Headers.ETag!.Tag }, Is.Unique, "each encoding its own entity tag");

            using var conditional = new HttpRequestMessage(HttpMethod.Get, file);
            conditional.Headers.AcceptEncoding.ParseAdd("br");
            conditional.Headers.IfNoneMatch.Add(brotli.Headers.ETag!);
            Assert.That((await site.Client.SendAsync(conditional)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified), file);
        }
    }

    [Test]
    public async Task Assets_OldVersionOrUnknownFile_IsNotCachedForGoodOrNotFound()
    {
        await using var site = new DashboardSite();
        await site.StartAsync();

        var old = await site.Client.GetAsync("/plugins/_assets/0123456789abcdef/app.js");
        Assert.That(old.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(old.Headers.CacheControl!.NoCache, Is.True, "a page of an earlier build gets today's file, to check again next time");
        foreach (var file in new[] { "index.html", "nothing.js", "..%2F..%2Fappsettings.json", "app.js.map", "DashboardAssets.cs" })
        {
            Assert.That((await site.Client.GetAsync($"/plugins/_assets/v/{file}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), file);
        }
    }

    [Test]
    public async Task Events_ChangeToTheRuntime_IsStreamedAsAnEvent()
    {
        await using var site = new DashboardSite();
        site.WritePlugin("alpha", """{"name":"alpha","version":"1.0.0"}""");
        await site.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/plugins/_events");
        using var response = await site.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(response.Headers.CacheControl!.NoStore, Is.True);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.That(await reader.ReadLineAsync(), Is.EqualTo("retry: 1000"));

        await site.Runtime.SetEnabledAsync("alpha", false);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var lines = new List<string>();
        while (!lines.Contains("event: change") || lines[^1].Length > 0)
        {
            lines.Add(await reader.ReadLineAsync(timeout.Token) ?? throw new AssertionException("the stream ended"));
        }

        Assert.That(lines, Does.Contain("id: 1").And.Contain("data: 1"));
    }

    [Test]
    public async Task Events_HostStops_StreamEnds()
    {
        var site = new DashboardSite();
        await site.StartAsync();
        using var response = await site.Client.GetAsync("/plugins/_events", HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        Assert.That(await reader.ReadLineAsync(), Is.EqualTo("retry: 1000"));

        // An open page must not hold the host's shutdown for its whole timeout.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var stopping = site.DisposeAsync().AsTask();
        var rest = await reader.ReadToEndAsync(timeout.Token);
        await stopping.WaitAsync(timeout.Token);
        Assert.That(rest, Does.Not.Contain("event: change"));
    }

    [Test]
    public async Task Tab_Document_RunsTheComponentUnderASandboxPolicyWithEveryPluginTextEscaped()
    {
        const string Component = """
            // </script><script>window.parent.__escaped = true</script> <!-- in a comment
            export default ({ plugin, settings }) => { const p = document.createElement("p"); p.textContent = `${plugin}: ${settings.who}`; return p; };
            """;
        await using var site = new DashboardSite();
        WriteTabbed(site, Component, who: "</script><b>x</b>");
        await site.StartAsync();

        var response = await site.Client.GetAsync("/plugins/_tabs/tabbed/main");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/html; charset=utf-8"));
        Assert.That(response.Headers.CacheControl!.NoStore, Is.True, "it holds the plugin's settings");
        var policy = Directives(response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.That(policy["default-src"], Is.EqualTo("'none'"), "no network: it cannot reach the API");
        Assert.That(policy["sandbox"], Is.EqualTo("allow-scripts"), "sandboxed even when opened on its own");
        Assert.That(policy["frame-ancestors"], Is.EqualTo("'self'"));
        var nonce = NonceSource().Match(policy["script-src"]).Groups[1].Value;
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(Regex.Matches(html, "<script", RegexOptions.IgnoreCase), Has.Count.EqualTo(2), "the data block and the loader; the plugin's text opens none");
        Assert.That(Regex.Matches(html, "</script", RegexOptions.IgnoreCase), Has.Count.EqualTo(2));
        Assert.That(html, Does.Contain($"<script type=\"module\" nonce=\"{nonce}\">"));
        Assert.That(html, Does.Not.Contain("<b>").And.Not.Contain("<!--"));
        var second = await site.Client.GetAsync("/plugins/_tabs/tabbed/main");
        Assert.That(NonceSource().Match(Directives(second.Headers.GetValues("Content-Security-Policy").Single())["script-src"]).Groups[1].Value, Is.Not.EqualTo(nonce), "a nonce per answer");
    }

    [Test]
    public async Task Tab_ComponentLinkedOutsideTheFolder_IsNotServed()
    {
        await using var site = new DashboardSite();
        var folder = WriteTabbed(site, "export default () => document.createElement('p');");
        await site.StartAsync();
        var outside = Path.Combine(site.Home, "outside.js");
        File.WriteAllText(outside, "export default () => 'the host secret 7c1f'");
        var component = Path.Combine(folder, "ui", "Main.js");
        File.Delete(component);
        File.CreateSymbolicLink(component, outside);

        var response = await site.Client.GetAsync("/plugins/_tabs/tabbed/main");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("7c1f"));
    }

    [Test]
    public async Task Tab_DisabledPluginOrUnknownTab_IsRefused()
    {
        await using var site = new DashboardSite();
        WriteTabbed(site, "export default () => document.createElement('p');");
        await site.StartAsync();

        Assert.That((await site.Client.GetAsync("/plugins/_tabs/tabbed/other")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await site.Client.GetAsync("/plugins/_tabs/nobody/main")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await site.Client.GetAsync("/plugins/_tabs/Bad_Name/main")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await site.Runtime.SetEnabledAsync("tabbed", false);
        var disabled = await site.Client.GetAsync("/plugins/_tabs/tabbed/main");
        Assert.That(disabled.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await disabled.Content.ReadAsStringAsync(), Does.Contain("disabled"));
    }

    [Test]
    public void Map_BadApiPrefixOrNoRuntime_Throws()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddBotHqPlugins();
        using var app = builder.Build();

        foreach (var prefix in new[] { "api/plugins", "//evil.example/api", "/api?x=1", "/api/../x", "" })
        {
            var error = Assert.Throws<ArgumentException>(() => app.MapBotHqPluginsDashboard("/plugins", o => o.ApiPrefix = prefix), prefix);
            Assert.That(error!.Message, Does.Contain("ApiPrefix"));
        }

        using var bare = WebApplication.CreateSlimBuilder().Build();
        Assert.That(() => bare.MapBotHqPluginsDashboard("/plugins"), Throws.InvalidOperationException.With.Message.Contains("AddBotHqPlugins"));
    }

    private static string WriteTabbed(DashboardSite site, string component, string who = "world")
    {
        var folder = site.WritePlugin("tabbed", """
            {"name":"tabbed","version":"1.0.0","ui":{"tabs":[{"id":"main","label":"Main","component":"ui/Main.js"}]},
             "settings":{"who":{"type":"string","default":
            """ + System.Text.Json.JsonSerializer.Serialize(who) + "}}}");
        Directory.CreateDirectory(Path.Combine(folder, "ui"));
        File.WriteAllText(Path.Combine(folder, "ui", "Main.js"), component);
        return folder;
    }

    private static async Task<HttpResponseMessage> GetAsync(DashboardSite site, string address, string? encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        }

        return await site.Client.SendAsync(request);
    }

    private static byte[] Decompress(byte[] bytes, bool br)
    {
        using var input = new MemoryStream(bytes);
        using Stream decompressor = br ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decompressor.CopyTo(output);
        return output.ToArray();
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : "", StringComparer.Ordinal);

    [GeneratedRegex("(?:href|src)=\"(/plugins/_assets/[^\"]+)\"")]
    private static partial Regex AssetAddress();

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceSource();
}
