namespace BotHq.Plugins.TestServer;

/// <summary>Appends what the server saw to a file, one line each, so a test can read it after the fact.</summary>
internal sealed class Recorder(string? path)
{
    private readonly Lock _gate = new();

    public void Write(string line)
    {
        if (path is null)
        {
            return;
        }

        lock (_gate)
        {
            File.AppendAllText(path, line + "\n");
        }
    }
}
