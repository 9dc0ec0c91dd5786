-- Portal configuration: SCIM settings, key/value settings, local administrators,
-- group-based roles and each user's effective access.

-- At most one row (id = 1). Only a hash of the SCIM key is kept.
CREATE TABLE scim_settings (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    enabled BOOLEAN NOT NULL,
    provider TEXT NOT NULL,
    key_hash TEXT,
    key_prefix TEXT,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE settings (
    key TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE admins (
    id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    email TEXT NOT NULL,
    email_key TEXT COLLATE "C" NOT NULL,
    password_hash TEXT NOT NULL,
    created TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX admins_email_key_uq ON admins (email_key);

-- Ordered by position (unique). source_group_key is NULL for a blank source group.
-- Scope lists are JSON arrays of strings.
CREATE TABLE roles (
    id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    position BIGINT NOT NULL,
    source_group TEXT NOT NULL,
    source_group_key TEXT COLLATE "C",
    is_default BOOLEAN NOT NULL,
    perm_users BOOLEAN NOT NULL,
    perm_settings BOOLEAN NOT NULL,
    perm_inventory BOOLEAN NOT NULL,
    perm_requests BOOLEAN NOT NULL,
    perm_auditlog BOOLEAN NOT NULL,
    perm_reports BOOLEAN NOT NULL,
    manage_mac BOOLEAN NOT NULL,
    end_user_groups TEXT NOT NULL CHECK (end_user_groups::jsonb IS NOT NULL),
    end_user_ous TEXT NOT NULL CHECK (end_user_ous::jsonb IS NOT NULL),
    computer_groups TEXT NOT NULL CHECK (computer_groups::jsonb IS NOT NULL),
    computer_ous TEXT NOT NULL CHECK (computer_ous::jsonb IS NOT NULL),
    created TIMESTAMP NOT NULL,
    last_modified TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX roles_position_uq ON roles (position);
CREATE UNIQUE INDEX roles_source_group_key_uq ON roles (source_group_key);
CREATE UNIQUE INDEX roles_single_default_uq ON roles (is_default) WHERE is_default;

-- The outcome of role resolution per user (permissions::EffectiveAccess as JSON).
CREATE TABLE user_access (
    user_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    role_label TEXT,
    access TEXT NOT NULL CHECK (access::jsonb IS NOT NULL),
    updated_at TIMESTAMP NOT NULL
);
