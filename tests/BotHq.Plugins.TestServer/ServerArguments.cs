using System.Globalization;

namespace BotHq.Plugins.TestServer;

/// <summary>The fault modes and settings chosen on the command line.</summary>
internal sealed class ServerArguments
{
    public int? ExitAtStartCode { get; private set; }

    public int StderrFloodLines { get; private set; }

    public int Pages { get; private set; } = 1;

    public bool IgnoreDiscover { get; private set; }

    public bool ExitOnDiscover { get; private set; }

    public string? RecordFile { get; private set; }

    public string? ProtocolVersion { get; private set; }

    public string Name { get; private set; } = "bothq-test-server";

    public bool GarbageAtStart { get; private set; }

    /// <summary>Gets whether the tools returning each kind of content block are listed too (<c>--content-tools</c>).</summary>
    public bool ContentTools { get; private set; }

    /// <summary>Gets how many numbered filler tools (<c>many_0000</c>, ...) are listed too (<c>--many-tools N</c>).</summary>
    public int ManyTools { get; private set; }

    /// <summary>Gets whether <c>structured</c> returns structured content that does not match its output schema (<c>--wrong-structure</c>).</summary>
    public bool WrongStructure { get; private set; }

    /// <summary>Gets the mode of the raw-stdio <see cref="ScriptedServer"/> to run instead of the SDK server (<c>--scripted MODE</c>).</summary>
    public string? Scripted { get; private set; }

    public static ServerArguments Parse(string[] args)
    {
        var parsed = new ServerArguments();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--exit-at-start":
                    parsed.ExitAtStartCode = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--stderr-flood":
                    parsed.StderrFloodLines = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--pages":
                    parsed.Pages = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--ignore-discover":
                    parsed.IgnoreDiscover = true;
                    break;
                case "--exit-on-discover":
                    parsed.ExitOnDiscover = true;
                    break;
                case "--record":
                    parsed.RecordFile = args[++i];
                    break;
                case "--protocol":
                    parsed.ProtocolVersion = args[++i];
                    break;
                case "--name":
                    parsed.Name = args[++i];
                    break;
                case "--garbage-at-start":
                    parsed.GarbageAtStart = true;
                    break;
                case "--wrong-structure":
                    parsed.WrongStructure = true;
                    break;
                case "--scripted":
                    parsed.Scripted = args[++i];
                    break;
                case "--content-tools":
                    parsed.ContentTools = true;
                    break;
                case "--many-tools":
                    parsed.ManyTools = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return parsed;
    }
}
