using BotHq.Plugins.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BotHq.Plugins.AI.Tests.DependencyInjection;

public sealed class BotHqPluginsAIBuilderExtensionsTests
{
    [Test]
    public void AddAITools_NullArguments_Throw()
    {
        Assert.That(() => BotHqPluginsAIBuilderExtensions.AddAITools(null!), Throws.ArgumentNullException);
        Assert.That(() => new ServiceCollection().AddBotHqPlugins().AddAITools(null!), Throws.ArgumentNullException);
    }

    [Test]
    public async Task AddAITools_CalledTwice_OneCatalogOverTheRuntime_EveryDelegateApplies()
    {
        using var root = new TempDirectory();
        var services = new ServiceCollection();

        var builder = services.AddBotHqPlugins(o => Configure(o, root))
            .AddAITools(o => o.Approval["alpha"] = true)
            .AddAITools(o => o.Approval["beta/tool"] = false);
        await using var provider = services.BuildServiceProvider();

        Assert.That(builder.Services, Is.SameAs(services));
        var catalog = provider.GetRequiredService<IPluginToolCatalog>();
        Assert.That(provider.GetRequiredService<IPluginToolCatalog>(), Is.SameAs(catalog));
        Assert.That(services.Count(d => d.ServiceType == typeof(IPluginToolCatalog)), Is.EqualTo(1));
        Assert.That(provider.GetRequiredService<IOptions<PluginAIToolOptions>>().Value.Approval, Has.Count.EqualTo(2));
    }

    [Test]
    public void Host_BadApprovalKeys_FailsAtStartNamingEach()
    {
        using var root = new TempDirectory();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBotHqPlugins(o => Configure(o, root)).AddAITools(o =>
        {
            o.Approval["Not A Plugin"] = true;
            o.Approval["ok/"] = true;
        });
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Failures, Has.Exactly(2).Items);
        Assert.That(error.Message, Does.Contain("PluginAIToolOptions.Approval key 'Not A Plugin'").And.Contain("'ok/'"));
    }

    [Test]
    public void Options_FromConfiguration_BindPluginAndToolKeys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AI:Approval:*"] = "false",
            ["AI:Approval:github/delete_issue"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddBotHqPlugins().AddAITools(o => configuration.GetSection("AI").Bind(o));
        using var provider = services.BuildServiceProvider();

        var approval = provider.GetRequiredService<IOptions<PluginAIToolOptions>>().Value.Approval;

        Assert.That(approval["*"], Is.False);
        Assert.That(approval["github/delete_issue"], Is.True);
    }

    private static void Configure(PluginRuntimeOptions options, TempDirectory root)
    {
        options.PluginsDirectory = Path.Combine(root.Path, "plugins");
        options.DatabasePath = Path.Combine(root.Path, "plugins.db");
        options.KeyDirectory = Path.Combine(root.Path, "keys");
    }
}
