-- The SCIM activity log (Logins ▸ SCIM Activity). AUTOINCREMENT: ids are never reused,
-- so `before` cursors stay valid.
CREATE TABLE activity_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TIMESTAMP NOT NULL,
    user_id TEXT,
    user_label TEXT NOT NULL,
    description TEXT NOT NULL,
    from_text TEXT,
    to_text TEXT,
    initiator TEXT NOT NULL
);
CREATE INDEX activity_log_time_idx ON activity_log (time, id);
CREATE INDEX activity_log_user_id_idx ON activity_log (user_id, id);
