using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BotHq.Plugins.Tests.DependencyInjection;

public sealed class BotHqPluginsServiceCollectionExtensionsTests
{
    [Test]
    public void AddBotHqPlugins_NullServices_Throws()
    {
        Assert.That(() => BotHqPluginsServiceCollectionExtensions.AddBotHqPlugins(null!), Throws.ArgumentNullException);
        Assert.That(() => new ServiceCollection().AddBotHqPlugins(null!), Throws.ArgumentNullException);
    }

    [Test]
    public void AddBotHqPlugins_CalledTwice_BuilderHoldsSameCollection_AndRegistersOneRuntime()
    {
        using var root = new TempDirectory();
        var services = new ServiceCollection();

        var builder = services.AddBotHqPlugins(o => Configure(o, root)).Services.AddBotHqPlugins(o => o.HostVersion = "2.0.0");

        Assert.That(builder.Services, Is.SameAs(services));
        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IPluginRuntime>(), Is.SameAs(provider.GetRequiredService<PluginRuntime>()));
        Assert.That(provider.GetServices<IHostedService>().Count(), Is.EqualTo(1));
        Assert.That(provider.GetRequiredService<IOptions<PluginRuntimeOptions>>().Value.HostVersion, Is.EqualTo("2.0.0"));
    }

    [Test]
    public async Task Host_StartAndStop_InitializesRuntimeStopsItAndLeavesDisposalToTheContainer()
    {
        using var root = new TempDirectory();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBotHqPlugins(o => Configure(o, root));
        Directory.CreateDirectory(Path.Combine(root.Path, "plugins", "test-plugin"));
        File.WriteAllText(Path.Combine(root.Path, "plugins", "test-plugin", "plugin.json"), """{"name":"test-plugin","version":"1.0.0"}""");
        using var host = builder.Build();

        await host.StartAsync();
        var runtime = host.Services.GetRequiredService<IPluginRuntime>();
        var names = runtime.Plugins.Select(p => p.Name).ToArray();
        await host.StopAsync();

        Assert.That(names, Is.EqualTo(new[] { "test-plugin" }));
        Assert.That(runtime.Plugins.Select(p => p.Name), Is.EqualTo(names), "the singleton is the container's to dispose: stopping the host leaves it readable");
        host.Dispose();
        Assert.That(() => runtime.Plugins, Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task ServiceProvider_Dispose_DisposesRuntimeOnceAndItThrowsObjectDisposed()
    {
        using var root = new TempDirectory();
        var services = new ServiceCollection();
        services.AddBotHqPlugins(o => Configure(o, root));
        var provider = services.BuildServiceProvider();
        var runtime = provider.GetRequiredService<PluginRuntime>();
        await runtime.InitializeAsync();

        await provider.DisposeAsync();

        Assert.That(() => runtime.GetListing(), Throws.InstanceOf<ObjectDisposedException>());
        Assert.That(() => runtime.Plugins, Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void Host_UnknownMcpProtocolVersionAndBadConnectionString_FailsAtStartNamingBoth()
    {
        using var root = new TempDirectory();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBotHqPlugins(o =>
        {
            Configure(o, root);
            o.ConnectionString = "Data Source=x.db;Password=hunter2;Mode=Sideways";
            o.Mcp.ProtocolVersion = "2099-01-01";
            o.MaxValueBytes = -1;
        });
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Failures, Has.Exactly(3).Items);
        Assert.That(error.Message, Does.Contain("Mcp.ProtocolVersion is '2099-01-01'").And.Contain("2026-07-28").And.Contain("ConnectionString").And.Contain("MaxValueBytes"));
        Assert.That(error.Message, Does.Not.Contain("hunter2"));
    }

    [Test]
    public void Host_InvalidOptions_FailsAtStartListingEveryBadValue()
    {
        using var root = new TempDirectory();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBotHqPlugins(o =>
        {
            Configure(o, root);
            o.HostVersion = "one";
            o.MaxValueBytes = 0;
            o.HookTimeout = TimeSpan.Zero;
            o.Mcp.MaxRestarts = -1;
        });
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Failures, Has.Exactly(4).Items);
        Assert.That(error.Message, Does.Contain("HostVersion 'one'").And.Contain("MaxValueBytes").And.Contain("HookTimeout").And.Contain("MaxRestarts"));
    }

    [TestCase("PluginsDirectory")]
    [TestCase("DatabasePath")]
    [TestCase("KeyDirectory")]
    public void PluginRuntime_EmptyPath_ThrowsNamingOption(string option)
    {
        using var root = new TempDirectory();
        var options = TestOptions.For(root);
        typeof(PluginRuntimeOptions).GetProperty(option)!.SetValue(options, " ");

        var error = Assert.Throws<OptionsValidationException>(() => _ = new PluginRuntime(options));

        Assert.That(error!.Message, Does.Contain($"PluginRuntimeOptions.{option} is empty"));
    }

    [Test]
    public void PluginRuntimeOptions_Defaults_UnderUserBotHqFolder()
    {
        var options = new PluginRuntimeOptions();
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        Assert.That(options.PluginsDirectory, Is.EqualTo(Path.Combine(home, ".bot-hq", "plugins")));
        Assert.That(options.DatabasePath, Is.EqualTo(Path.Combine(home, ".bot-hq", "plugins.db")));
        Assert.That(options.KeyDirectory, Is.EqualTo(Path.Combine(home, ".bot-hq", "keys")));
        Assert.That(options.MaxValueBytes, Is.EqualTo(1024 * 1024));
        Assert.That(options.HookTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(options.Mcp.MaxMessageBytes, Is.EqualTo(16 * 1024 * 1024));
        Assert.That(options.Mcp.CallTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    private static void Configure(PluginRuntimeOptions options, TempDirectory root)
    {
        options.PluginsDirectory = Path.Combine(root.Path, "plugins");
        options.DatabasePath = Path.Combine(root.Path, "plugins.db");
        options.KeyDirectory = Path.Combine(root.Path, "keys");
    }
}
