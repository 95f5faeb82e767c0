-- What several processes (or host instances) sharing one database need.

-- The version of a plugin that was uninstalled: an instance that still has that version's folder does not add it back.
CREATE TABLE plugin_uninstalled (
    name           TEXT NOT NULL PRIMARY KEY,
    version        TEXT NOT NULL,
    uninstalled_at TEXT NOT NULL
);

-- Credential data keys, each wrapped by the host's key-encryption key (PluginRuntimeOptions.KeyEncryptionKey), which the database never holds.
CREATE TABLE plugin_credential_keys (
    id         TEXT NOT NULL PRIMARY KEY,
    wrapped    BLOB NOT NULL,
    created_at TEXT NOT NULL
);

-- A counter bumped, in the same transaction, by every write to the registry's tables (never by a plugin's stores), so that every
-- process polls one row to learn that another changed a plugin (PRAGMA data_version would move on every store write too).
CREATE TABLE plugin_registry_changes (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);

INSERT INTO plugin_registry_changes (id, version) VALUES (1, 0);

CREATE TRIGGER plugins_inserted AFTER INSERT ON plugins BEGIN UPDATE plugin_registry_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plugins_updated AFTER UPDATE ON plugins BEGIN UPDATE plugin_registry_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plugins_deleted AFTER DELETE ON plugins BEGIN UPDATE plugin_registry_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plugin_uninstalled_inserted AFTER INSERT ON plugin_uninstalled BEGIN UPDATE plugin_registry_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plugin_uninstalled_updated AFTER UPDATE ON plugin_uninstalled BEGIN UPDATE plugin_registry_changes SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER plugin_uninstalled_deleted AFTER DELETE ON plugin_uninstalled BEGIN UPDATE plugin_registry_changes SET version = version + 1 WHERE id = 1; END;
