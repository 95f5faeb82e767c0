namespace BotHq.Plugins.Integration.Tests.Templates;

/// <summary>Deletes the author kit's folder after the namespace's last test.</summary>
[SetUpFixture]
public sealed class AuthorKitCleanUp
{
    [OneTimeTearDown]
    public void DeleteKit() => AuthorKit.Delete();
}
