using BotHq.Plugins.Manifest;

namespace BotHq.Plugins.Tests.Manifest;

[TestFixture]
public sealed class ReservedEnvironmentVariablesTests
{
    [Test]
    public void Inherited_EveryName_IsReserved()
    {
        // What a server inherits here must never be declarable, or a plugin's value would silently replace the host's.
        Assert.That(ReservedEnvironmentVariables.Inherited.Where(name => !ReservedEnvironmentVariables.IsReserved(name)), Is.Empty);
    }

    // Windows adds these to what a server inherits; a plugin written on Linux must be refused them as well.
    [TestCase("USERNAME")]
    [TestCase("PATHEXT")]
    [TestCase("SystemRoot")]
    [TestCase("TMP")]
    [TestCase("systemroot")]
    public void IsReserved_NameInheritedOnAnySystem_IsTrue(string name)
    {
        Assert.That(ReservedEnvironmentVariables.IsReserved(name), Is.True);
    }

    [TestCase("GITHUB_TOKEN")]
    [TestCase("PATH_TO_DATA")]
    [TestCase("USERNAME_HINT")]
    public void IsReserved_OtherName_IsFalse(string name)
    {
        Assert.That(ReservedEnvironmentVariables.IsReserved(name), Is.False);
    }

    // Allowed on purpose (docs/security.md): the author who writes mcp.env also writes the command and its arguments.
    [TestCase("NODE_OPTIONS")]
    [TestCase("PYTHONPATH")]
    [TestCase("DOTNET_STARTUP_HOOKS")]
    [TestCase("BASH_ENV")]
    [TestCase("JAVA_TOOL_OPTIONS")]
    public void IsReserved_VariableThatChangesARuntimesBehaviour_IsFalse(string name)
    {
        Assert.That(ReservedEnvironmentVariables.IsReserved(name), Is.False);
    }

    [Test]
    public void Names_HaveNoDuplicates()
    {
        Assert.That(ReservedEnvironmentVariables.Names, Is.Unique.Using((IEqualityComparer<string>)StringComparer.OrdinalIgnoreCase));
    }
}
