-- The MCP protocol revision last agreed with each plugin's server, for the plugin version it was agreed with: a later start of
-- the same version (on any instance) skips the era probe. One row per plugin; a row whose plugin_version is not the plugin's
-- current version is ignored and replaced on the next successful start. Not a registry table: writing it notifies no instance.
CREATE TABLE {schema}.plugin_mcp_eras (
    plugin_id        bigint NOT NULL PRIMARY KEY REFERENCES {schema}.plugins (id) ON DELETE CASCADE,
    plugin_version   text   NOT NULL,
    protocol_version text   NOT NULL,
    updated_at       text   NOT NULL
);
