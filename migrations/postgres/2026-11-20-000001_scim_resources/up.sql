-- SCIM users and groups. Every *_key column holds an application-normalised lowercase
-- value (Rust str::to_lowercase), so case-insensitive comparison and uniqueness behave the
-- same on SQLite and PostgreSQL. Compared text columns use COLLATE "C" (code-point order,
-- as SQLite's BINARY) whatever the database's default collation. JSON is kept as TEXT.
-- Timestamps are UTC (TIMESTAMP without time zone), truncated to microseconds.

CREATE TABLE users (
    id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    user_name TEXT NOT NULL,
    user_name_key TEXT COLLATE "C" NOT NULL,
    external_id TEXT COLLATE "C",
    display_name TEXT,
    display_name_key TEXT COLLATE "C",
    active BOOLEAN, -- NULL: the resource has no `active` (treated as active)
    attributes TEXT NOT NULL CHECK (attributes::jsonb IS NOT NULL),
    created TIMESTAMP NOT NULL,
    last_modified TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_user_name_key_uq ON users (user_name_key);
CREATE INDEX users_external_id_idx ON users (external_id, id);
CREATE INDEX users_display_name_key_idx ON users (display_name_key, id);
CREATE INDEX users_created_idx ON users (created, id);
CREATE INDEX users_last_modified_idx ON users (last_modified, id);

-- One row per item (object) of the user's `emails`, in order; absent sub-attributes are NULL.
CREATE TABLE user_emails (
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    value TEXT,
    value_key TEXT COLLATE "C",
    type_key TEXT COLLATE "C",
    is_primary BOOLEAN,
    PRIMARY KEY (user_id, position)
);
CREATE INDEX user_emails_value_key_idx ON user_emails (value_key, user_id);

CREATE TABLE groups (
    id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    display_name TEXT NOT NULL,
    display_name_key TEXT COLLATE "C" NOT NULL,
    external_id TEXT COLLATE "C",
    attributes TEXT NOT NULL CHECK (attributes::jsonb IS NOT NULL),
    created TIMESTAMP NOT NULL,
    last_modified TIMESTAMP NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX groups_display_name_key_idx ON groups (display_name_key, id);
CREATE INDEX groups_external_id_idx ON groups (external_id, id);
CREATE INDEX groups_created_idx ON groups (created, id);
CREATE INDEX groups_last_modified_idx ON groups (last_modified, id);

CREATE TABLE group_members (
    group_id TEXT COLLATE "C" NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The member's `display` as the client sent it (RFC 7643 §4.2), if it did.
    display TEXT,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user_id_idx ON group_members (user_id, group_id);
