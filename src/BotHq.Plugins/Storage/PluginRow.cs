namespace BotHq.Plugins.Storage;

/// <summary>One row of the <c>plugins</c> table.</summary>
internal sealed class PluginRow
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    public string Version { get; set; } = "";

    public long Enabled { get; set; }

    /// <summary>Gets or sets the manifest's text as UTF-8, read as a blob: compared with a file's bytes, it needs no decoding.</summary>
    public byte[] Manifest { get; set; } = [];

    public string Settings { get; set; } = "{}";

    public byte[]? Credentials { get; set; }

    public string InstalledAt { get; set; } = "";

    public string UpdatedAt { get; set; } = "";

    public bool IsEnabled => Enabled != 0;
}
