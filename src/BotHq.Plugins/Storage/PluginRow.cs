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

    /// <summary>Gets the row a sync's upsert leaves: an existing row keeps its id, enabled state, settings, credentials and
    /// installed_at and takes the new version and manifest; a new row gets the defaults the statement writes.</summary>
    /// <remarks>A backend builds the rows it returns from what it wrote instead of reading them back.</remarks>
    public static PluginRow Written(PluginRow? before, PluginManifestRow written, long id, byte[] manifest, bool enableNew, string now) =>
        before is not null
            ? new PluginRow
            {
                Id = before.Id, Name = before.Name, Version = written.Version, Enabled = before.Enabled, Manifest = manifest,
                Settings = before.Settings, Credentials = before.Credentials, InstalledAt = before.InstalledAt, UpdatedAt = now,
            }
            : new PluginRow
            {
                Id = id, Name = written.Name, Version = written.Version, Enabled = enableNew ? 1 : 0, Manifest = manifest,
                Settings = "{}", Credentials = null, InstalledAt = now, UpdatedAt = now,
            };
}
