namespace BotHq.Plugins;

/// <summary>Why the plugin database failed, as <see cref="PluginDatabaseException.Failure"/> reports it; the same causes for every storage backend.</summary>
/// <remarks>
/// <see cref="Locked"/>, <see cref="DiskFull"/> and <see cref="Unreachable"/> can pass without anyone changing the host's configuration
/// (<see cref="PluginDatabaseException.IsTransient"/>); the others need an operator to act.
/// </remarks>
public enum PluginDatabaseFailure
{
    /// <summary>A failure of no kind below; the message carries the database's own error text.</summary>
    Unknown,

    /// <summary>The database cannot be opened or created where it is configured: its folder is missing or is a file, or the path names a folder.</summary>
    CannotOpen,

    /// <summary>The file exists but is not a database (another kind of file, or random bytes).</summary>
    NotADatabase,

    /// <summary>The database is damaged: a page or index is malformed.</summary>
    Corrupt,

    /// <summary>The database or its location cannot be written: a read-only file system, or a file or folder this process may not write.</summary>
    ReadOnly,

    /// <summary>The disk (or quota) holding the database is full.</summary>
    DiskFull,

    /// <summary>Another connection held the database's write lock for longer than the busy timeout.</summary>
    Locked,

    /// <summary>The database cannot be used by this version: its schema is newer than this version knows, or it stores text in an encoding it does not use.</summary>
    Incompatible,

    /// <summary>The database server cannot be reached: the connection is refused or times out, the server is starting up or shutting
    /// down, or it has no free connection slot.</summary>
    Unreachable,
}
