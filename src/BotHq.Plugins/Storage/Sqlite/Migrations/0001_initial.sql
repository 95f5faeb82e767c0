-- The whole schema of docs/architecture.md. Written in the SQL that SQLite (3.24+) and PostgreSQL share where they can;
-- identity columns are the one place the dialects differ.
-- Timestamps are ISO-8601 UTC text. Host entity ids (workspaces, tasks) are text: hosts with integer or GUID keys both fit.
-- Host entities have no foreign key: they belong to the host, which calls the runtime's purge methods when it deletes one.

CREATE TABLE plugins (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    version      TEXT    NOT NULL,
    enabled      INTEGER NOT NULL DEFAULT 1,
    manifest     TEXT    NOT NULL,
    settings     TEXT    NOT NULL DEFAULT '{}',
    credentials  BLOB    NULL,
    installed_at TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);

-- revision counts writes to a row, so that a store can also update by version check (for databases without a write lock up front).
CREATE TABLE plugin_store (
    plugin_id  INTEGER NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
    key        TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    revision   INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (plugin_id, key)
);

CREATE TABLE plugin_workspace_data (
    plugin_id    INTEGER NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
    workspace_id TEXT    NOT NULL,
    data         TEXT    NOT NULL,
    revision     INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    PRIMARY KEY (plugin_id, workspace_id)
);

CREATE INDEX ix_plugin_workspace_data_workspace ON plugin_workspace_data (workspace_id);

CREATE TABLE plugin_task_data (
    plugin_id  INTEGER NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
    task_id    TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    revision   INTEGER NOT NULL DEFAULT 1,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (plugin_id, task_id)
);

CREATE INDEX ix_plugin_task_data_task ON plugin_task_data (task_id);

-- Which host task a plugin created from which item of its source: one task per source ref and one source ref per task, per plugin.
CREATE TABLE plugin_task_sources (
    plugin_id  INTEGER NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
    source_ref TEXT    NOT NULL,
    task_id    TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (plugin_id, source_ref),
    UNIQUE (plugin_id, task_id)
);

CREATE INDEX ix_plugin_task_sources_task ON plugin_task_sources (task_id);
