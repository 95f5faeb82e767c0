using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BotHq.Plugins.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace BotHq.Plugins.Integration.Tests.AspNetCore;

/// <summary>The admin endpoints: a plugin archive uploaded as application/zip, and uninstall, on a real Kestrel server.</summary>
[TestFixture]
public sealed class InstallEndpointsTests
{
    [Test]
    public async Task Post_ZipArchive_Installs201ThenUpgrades200()
    {
        await using var harness = new RuntimeHarness();
        await using var host = await PluginWebHost.StartAsync(harness);
        var v1 = TestArchive.Plugin("alpha", "1.0.0").ToBytes();

        var created = await host.Client.PostAsync(PluginWebHost.Api() + "?sha256=" + TestArchive.Sha256(v1), Zip(v1));
        var upgraded = await host.Client.PostAsync(PluginWebHost.Api(), Zip(TestArchive.Plugin("alpha", "1.1.0").ToBytes()));

        var first = await HttpAssert.JsonAsync(created, HttpStatusCode.Created);
        var second = await HttpAssert.JsonAsync(upgraded);
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("name").GetString(), Is.EqualTo("alpha"));
            Assert.That(first.GetProperty("sha256").GetString(), Is.EqualTo(TestArchive.Sha256(v1)));
            Assert.That(created.Headers.Location?.ToString(), Is.EqualTo(PluginWebHost.Api("alpha")));
            Assert.That(second.GetProperty("version").GetString(), Is.EqualTo("1.1.0"));
            Assert.That(second.GetProperty("previousVersion").GetString(), Is.EqualTo("1.0.0"));
            Assert.That(host.Runtime.GetPlugin("alpha").Version, Is.EqualTo("1.1.0"));
        });
    }

    [Test]
    public async Task Post_SameVersionWithoutForce_Returns409ThenForceReplaces()
    {
        await using var harness = new RuntimeHarness();
        await using var host = await PluginWebHost.StartAsync(harness);
        var bytes = TestArchive.Plugin("alpha", "1.0.0").ToBytes();
        await HttpAssert.JsonAsync(await host.Client.PostAsync(PluginWebHost.Api(), Zip(bytes)), HttpStatusCode.Created);

        var conflict = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api(), Zip(bytes)), HttpStatusCode.Conflict);
        var forced = await HttpAssert.JsonAsync(await host.Client.PostAsync(PluginWebHost.Api() + "?force=true", Zip(bytes)));

        Assert.That(conflict.GetProperty("installedVersion").GetString(), Is.EqualTo("1.0.0"));
        Assert.That(forced.GetProperty("previousVersion").GetString(), Is.EqualTo("1.0.0"));
    }

    [Test]
    public async Task Post_RefusedArchive_Returns400ProblemAndWritesNothing()
    {
        await using var harness = new RuntimeHarness();
        await using var host = await PluginWebHost.StartAsync(harness);

        var traversal = await HttpAssert.ProblemAsync(
            await host.Client.PostAsync(PluginWebHost.Api(), Zip(TestArchive.Plugin().Add("../evil.txt", "x").ToBytes())), HttpStatusCode.BadRequest);
        var invalid = await HttpAssert.ProblemAsync(
            await host.Client.PostAsync(PluginWebHost.Api(), Zip(new TestArchive().Add("plugin.json", """{"name":"Bad Name","version":"1.0.0"}""").ToBytes())), HttpStatusCode.BadRequest);
        var checksum = await HttpAssert.ProblemAsync(
            await host.Client.PostAsync(PluginWebHost.Api() + "?sha256=" + new string('a', 64), Zip(TestArchive.Plugin().ToBytes())), HttpStatusCode.BadRequest);

        Assert.Multiple(() =>
        {
            Assert.That(traversal.GetProperty("detail").GetString(), Does.Contain("climbs out"));
            Assert.That(HttpAssert.Errors(invalid, "plugin.json $.name"), Is.Not.Empty, invalid.ToString());
            Assert.That(checksum.GetProperty("detail").GetString(), Does.Contain(new string('a', 64)));
            Assert.That(Directory.GetFileSystemEntries(harness.Options.PluginsDirectory), Is.Empty);
            Assert.That(Directory.GetDirectories(harness.Root.Path, ".bothq-*"), Is.Empty);
        });
    }

    [Test]
    public async Task Post_NotZipMediaType_Returns415()
    {
        await using var harness = new RuntimeHarness();
        await using var host = await PluginWebHost.StartAsync(harness);

        var json = await HttpAssert.ProblemAsync(
            await host.Client.PostAsync(PluginWebHost.Api(), new StringContent("{}", Encoding.UTF8, "application/json")), HttpStatusCode.UnsupportedMediaType);
        var octets = new ByteArrayContent(TestArchive.Plugin().ToBytes());
        octets.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var binary = await HttpAssert.ProblemAsync(await host.Client.PostAsync(PluginWebHost.Api(), octets), HttpStatusCode.UnsupportedMediaType);

        Assert.That(json.GetProperty("title").GetString(), Is.EqualTo("The request body must be a zip archive."));
        Assert.That(binary.GetProperty("detail").GetString(), Does.Contain("application/zip"));
        Assert.That(Directory.GetFileSystemEntries(harness.Options.PluginsDirectory), Is.Empty);
    }

    [Test]
    public async Task Post_OverArchiveLimit_Returns413WithAndWithoutContentLength()
    {
        await using var harness = new RuntimeHarness();
        await using var host = await PluginWebHost.StartAsync(harness, new PluginWebHost.Setup { Endpoints = o => o.MaxArchiveSize = 64 * 1024 });
        var bytes = TestArchive.Plugin().Add("big.bin", new byte[200 * 1024], level: System.IO.Compression.CompressionLevel.NoCompression).ToBytes();

        var declared = await host.Client.PostAsync(PluginWebHost.Api(), Zip(bytes));
        var chunked = new UnknownLengthContent(bytes);
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        var streamed = await host.Client.PostAsync(PluginWebHost.Api(), chunked);

        await HttpAssert.ProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge);
        await HttpAssert.ProblemAsync(streamed, HttpStatusCode.RequestEntityTooLarge);
        Assert.That(Directory.GetFileSystemEntries(harness.Options.PluginsDirectory), Is.Empty);
    }

    [Test]
    public async Task Post_ArchiveOverServerDefaultLimit_Installs()
    {
        await using var harness = new RuntimeHarness();
        await using var host = await PluginWebHost.StartAsync(harness);
        var random = new byte[31 * 1024 * 1024];
        new Random(3).NextBytes(random);
        var bytes = TestArchive.Plugin().Add("data.bin", random, level: System.IO.Compression.CompressionLevel.NoCompression).ToBytes();

        var response = await host.Client.PostAsync(PluginWebHost.Api(), Zip(bytes));

        await HttpAssert.JsonAsync(response, HttpStatusCode.Created);
    }

    [Test]
    public async Task Delete_Plugin_Returns204AndDeletesFolder()
    {
        await using var harness = new RuntimeHarness();
        var folder = harness.WriteSimplePlugin("alpha");
        await using var host = await PluginWebHost.StartAsync(harness);

        var response = await host.Client.DeleteAsync(PluginWebHost.Api("alpha"));
        var missing = await host.Client.DeleteAsync(PluginWebHost.Api("alpha"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await response.Content.ReadAsStringAsync());
        Assert.That(Directory.Exists(folder), Is.False);
        await HttpAssert.ProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Delete_KeepData_KeepsPluginAsMissing()
    {
        await using var harness = new RuntimeHarness();
        var folder = harness.WriteSimplePlugin("alpha");
        await using var host = await PluginWebHost.StartAsync(harness);

        var response = await host.Client.DeleteAsync(PluginWebHost.Api("alpha") + "?keepData=true");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Directory.Exists(folder), Is.False);
        Assert.That(host.Runtime.GetPlugin("alpha").State, Is.EqualTo(PluginState.Missing));
    }

    [Test]
    public async Task InstallAndUninstall_GroupRequiresAuthorization_401WithoutAUserAndNothingWritten()
    {
        await using var harness = new RuntimeHarness();
        var folder = harness.WriteSimplePlugin("beta");
        await using var host = await PluginWebHost.StartAsync(harness, PluginWebHost.Setup.RequireUser());

        var install = await host.Client.PostAsync(PluginWebHost.Api(), Zip(TestArchive.Plugin("alpha").ToBytes()));
        var uninstall = await host.Client.DeleteAsync(PluginWebHost.Api("beta"));

        Assert.Multiple(() =>
        {
            Assert.That(install.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(uninstall.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(Directory.GetDirectories(harness.Options.PluginsDirectory), Is.EqualTo(new[] { folder }));
        });
    }

    private static ByteArrayContent Zip(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return content;
    }
}
