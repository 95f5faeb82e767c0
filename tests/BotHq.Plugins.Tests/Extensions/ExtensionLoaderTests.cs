using System.Reflection;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Extensions;

[TestFixture]
public sealed class ExtensionLoaderTests
{
    [Test]
    public async Task EnsureLoaded_BasicExtension_LoadsItWithoutError()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("alpha", TestExtensionBuilds.Basic);

        var error = bed.Host.EnsureLoaded("alpha");

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Null);
            Assert.That(bed.Host.IsLoaded("alpha"), Is.True);
            Assert.That(bed.Host.GetLoadError("alpha"), Is.Null);
        });
    }

    [Test]
    public async Task EnsureLoaded_ContractAndLoggingCopiesInPluginFolder_UsesTheHostsCopies()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("alpha", TestExtensionBuilds.Basic).Settings["greeting"] = "Hello";

        // A plugin that ships its own copy of the contract must still get the host's, or IPluginContext would be two types.
        var folder = bed.Root.Combine("plugins", "alpha");
        File.Copy(typeof(IPluginContext).Assembly.Location, Path.Combine(folder, "BotHq.Plugins.Abstractions.dll"));
        File.Copy(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location, Path.Combine(folder, "Microsoft.Extensions.Logging.Abstractions.dll"));
        var results = await bed.Host.FireAgentStartAsync(ExtensionTestBed.Agent(), ExtensionTestBed.Task());

        Assert.Multiple(() =>
        {
            Assert.That(bed.Host.GetLoadError("alpha"), Is.Null);
            Assert.That(results.Single().Outcome, Is.EqualTo(HookOutcome.Ok), results.Single().Error);
            Assert.That(results.Single().Value, Does.StartWith("Hello from alpha"));
        });
    }

    [Test]
    public async Task EnsureLoaded_MissingAssembly_ReportsTheMissingFile()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.AddFile("ghost", "Ghost.Extension.dll", contents: null);

        var error = bed.Host.EnsureLoaded("ghost");

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Not.Null);
            Assert.That(error!.Path, Is.EqualTo("$.extensions"));
            Assert.That(error.Message, Does.Contain("Ghost.Extension.dll").And.Contain("does not exist").And.Contain("plugin 'ghost'"));
            Assert.That(bed.Host.GetLoadError("ghost"), Is.EqualTo(error));
        });
    }

    [TestCase(new byte[] { 0x6E, 0x6F, 0x74, 0x20, 0x61, 0x20, 0x64, 0x6C, 0x6C }, TestName = "EnsureLoaded_TextFile_ReportsNotAnAssembly")]
    [TestCase(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00 }, TestName = "EnsureLoaded_TruncatedPeHeader_ReportsNotAnAssembly")]
    [TestCase(new byte[0], TestName = "EnsureLoaded_EmptyFile_ReportsNotAnAssembly")]
    public async Task EnsureLoaded_BadImage_ReportsNotAnAssembly(byte[] contents)
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.AddFile("broken", "Broken.Extension.dll", contents);

        var error = bed.Host.EnsureLoaded("broken");

        Assert.That(error?.Message, Does.Contain("Broken.Extension.dll").And.Contain("is not a .NET assembly").And.Contain("plugin 'broken'"));
    }

    [Test]
    public async Task EnsureLoaded_NativeLibraryOfTheRuntime_ReportsNotAnAssembly()
    {
        await using var bed = new ExtensionTestBed();
        var native = Directory.EnumerateFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "libSystem.Native.*").FirstOrDefault()
            ?? Directory.EnumerateFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.IO.Compression.Native.*").First();
        bed.Source.AddFile("native", "Native.Extension.dll", File.ReadAllBytes(native));

        var error = bed.Host.EnsureLoaded("native");

        Assert.That(error?.Message, Does.Contain("is not a .NET assembly"));
    }

    [TestCase(TestExtensionBuilds.NoExtension, "contains no public, non-abstract class implementing BotHq.Plugins.IPluginExtension")]
    [TestCase(TestExtensionBuilds.TwoExtensions, "contains 2 public classes implementing IPluginExtension (BotHq.TestExtensions.TwoExtensions.FirstExtension, BotHq.TestExtensions.TwoExtensions.SecondExtension)")]
    [TestCase(TestExtensionBuilds.ThrowingCtor, "threw System.InvalidOperationException: Plugin 'broken' refuses to start: the constructor throws on purpose.")]
    [TestCase(TestExtensionBuilds.FutureContract, "was built against BotHq.Plugins.Abstractions 999.0, but this host provides")]
    public async Task EnsureLoaded_BrokenExtension_ReportsWhyWithTheFix(string project, string expected)
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("broken", project);

        var error = bed.Host.EnsureLoaded("broken");

        Assert.Multiple(() =>
        {
            Assert.That(error?.Message, Does.Contain(expected));
            Assert.That(error?.Message, Does.Contain("plugin 'broken'"));
            Assert.That(bed.Host.IsLoaded("broken"), Is.False);
        });
    }

    [Test]
    public async Task EnsureLoaded_AssemblyWithoutTheContract_SaysItHasNoExtension()
    {
        await using var bed = new ExtensionTestBed();
        var humanizer = Path.Combine(TestExtensionBuilds.OutputOf(TestExtensionBuilds.VersionedA), "Humanizer.dll");
        bed.Source.AddFile("plain", "Humanizer.dll", File.ReadAllBytes(humanizer));

        var error = bed.Host.EnsureLoaded("plain");

        Assert.That(error?.Message, Does.Contain("does not reference BotHq.Plugins.Abstractions"));
    }

    [Test]
    public async Task FireTaskUpdated_OnePluginFailsToLoad_OthersRunAndItReportsTheLoadError()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("good", TestExtensionBuilds.Basic);
        bed.Source.Add("bad", TestExtensionBuilds.TwoExtensions);

        var results = await bed.Host.FireTaskUpdatedAsync(ExtensionTestBed.Task(), new TaskHookChanges { State = "done" });

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => (r.PluginName, r.Outcome)), Is.EqualTo(new[] { ("bad", HookOutcome.Failed), ("good", HookOutcome.Ok) }));
            Assert.That(results[0].Error, Is.EqualTo(bed.Host.GetLoadError("bad")!.Message));
        });
    }

    [Test]
    public async Task Fire_FailedLoad_IsKeptUntilUnloadThenRetried()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("bad", TestExtensionBuilds.ThrowingCtor);

        await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task());
        await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task());
        var launchesBeforeUnload = bed.Source.LaunchCount("bad");
        await bed.Host.UnloadAsync("bad");
        var errorAfterUnload = bed.Host.GetLoadError("bad");
        await bed.Host.FireTaskCreatedAsync(ExtensionTestBed.Task());

        Assert.Multiple(() =>
        {
            Assert.That(launchesBeforeUnload, Is.EqualTo(1));
            Assert.That(errorAfterUnload, Is.Null);
            Assert.That(bed.Source.LaunchCount("bad"), Is.EqualTo(2));
            Assert.That(bed.Host.GetLoadError("bad"), Is.Not.Null);
        });
    }

    [Test]
    public async Task FireAgentStart_TwoPluginsWithDifferentVersionsOfADependency_EachUsesItsOwn()
    {
        await using var bed = new ExtensionTestBed();
        bed.Source.Add("a", TestExtensionBuilds.VersionedA);
        bed.Source.Add("b", TestExtensionBuilds.VersionedB);
        var versionA = AssemblyName.GetAssemblyName(Path.Combine(TestExtensionBuilds.OutputOf(TestExtensionBuilds.VersionedA), "Humanizer.dll")).Version;
        var versionB = AssemblyName.GetAssemblyName(Path.Combine(TestExtensionBuilds.OutputOf(TestExtensionBuilds.VersionedB), "Humanizer.dll")).Version;

        var results = await bed.Host.FireAgentStartAsync(ExtensionTestBed.Agent(), ExtensionTestBed.Task());

        Assert.Multiple(() =>
        {
            Assert.That(versionA, Is.Not.EqualTo(versionB), "the two test extensions must pin different Humanizer versions");
            Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(HookOutcome.Ok));
            Assert.That(results[0].Value, Is.EqualTo($"{versionA}|agent started"));
            Assert.That(results[1].Value, Is.EqualTo($"{versionB}|agent started"));
        });
    }
}
