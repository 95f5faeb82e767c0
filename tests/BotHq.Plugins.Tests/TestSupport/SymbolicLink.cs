namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>Creates symbolic links for the tests that need them, ignoring the test where the system does not allow links.</summary>
internal static class SymbolicLink
{
    public static void Create(string path, string target, bool directory)
    {
        try
        {
            if (directory)
            {
                Directory.CreateSymbolicLink(path, target);
            }
            else
            {
                File.CreateSymbolicLink(path, target);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Assert.Ignore($"This system does not let the test create symbolic links: {ex.Message}");
        }
    }
}
