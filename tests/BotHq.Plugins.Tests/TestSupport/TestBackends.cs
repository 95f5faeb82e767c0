namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>The fixture arguments of a contract test class: <c>[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]</c>.</summary>
internal static class TestBackends
{
    public static readonly TestBackend[] All = [TestBackend.Sqlite, TestBackend.PostgreSql];
}
