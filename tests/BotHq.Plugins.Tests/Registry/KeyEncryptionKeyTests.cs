using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace BotHq.Plugins.Tests.Registry;

public sealed class KeyEncryptionKeyTests
{
    [TestCase("not base64 at all!", "is not base64 text")]
    [TestCase("AAAAAAAAAAAAAAAAAAAAAA==", "is the base64 of 16 bytes")]
    public void PluginRuntime_KeyEncryptionKeyNotThirtyTwoBytes_RefusedWithHowToMakeOneAndWithoutTheValue(string value, string problem)
    {
        using var root = new TempDirectory();
        var options = TestOptions.For(root);
        options.KeyEncryptionKey = value;

        var error = Assert.Throws<OptionsValidationException>(() => _ = new PluginRuntime(options));

        Assert.That(error!.Message, Does.Contain("PluginRuntimeOptions.KeyEncryptionKey " + problem).And.Contain("openssl rand -base64 32"));
        Assert.That(error.Message, Does.Not.Contain(value));
    }

    [Test]
    public async Task StartAsync_PostgreSqlWithoutKeyEncryptionKeyOrProtector_RefusedSayingHowToMakeAKey()
    {
        await using var harness = await RuntimeHarness.CreateAsync(TestBackend.PostgreSql, options => options.KeyEncryptionKey = null);

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => harness.StartAsync());

        Assert.That(error!.Message, Does.Contain("KeyEncryptionKey is not set").And.Contain("openssl rand -base64 32").And.Contain("BotHqPlugins__KeyEncryptionKey"));
    }

    [Test]
    public async Task StartAsync_PostgreSqlWithHostProtector_StartsWithoutKeyEncryptionKey()
    {
        await using var harness = await RuntimeHarness.CreateAsync(TestBackend.PostgreSql, options => options.KeyEncryptionKey = null);
        harness.WriteSimplePlugin("alpha");

        var runtime = await harness.StartAsync(protector: new TestKeyStore(harness).Protector());

        Assert.That(runtime.GetPlugin("alpha").State, Is.EqualTo(PluginState.Enabled));
    }
}
