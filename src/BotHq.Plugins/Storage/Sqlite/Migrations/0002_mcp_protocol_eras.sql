-- The MCP protocol revision last agreed with each plugin's server, for the plugin version it was agreed with: a later start of
-- the same version skips the era probe (handshake revisions) or its short timeout (per-request revisions). One row per plugin;
-- a row whose plugin_version is not the plugin's current version is ignored and replaced on the next successful start.
CREATE TABLE plugin_mcp_eras (
    plugin_id        INTEGER NOT NULL PRIMARY KEY REFERENCES plugins (id) ON DELETE CASCADE,
    plugin_version   TEXT    NOT NULL,
    protocol_version TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);
