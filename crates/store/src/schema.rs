//! Diesel table definitions, mirroring `migrations/{sqlite,postgres}` (identical columns).
#![allow(missing_docs)]

diesel::table! {
    /// SCIM users.
    users (id) {
        id -> Text,
        user_name -> Text,
        user_name_key -> Text,
        external_id -> Nullable<Text>,
        display_name -> Nullable<Text>,
        display_name_key -> Nullable<Text>,
        active -> Nullable<Bool>,
        attributes -> Text,
        created -> Timestamp,
        last_modified -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    /// The `emails` values of each user, for filters and sign-in lookups.
    user_emails (user_id, position) {
        user_id -> Text,
        position -> Integer,
        value -> Nullable<Text>,
        value_key -> Nullable<Text>,
        type_key -> Nullable<Text>,
        is_primary -> Nullable<Bool>,
    }
}

diesel::table! {
    /// SCIM groups (members live in `group_members`).
    groups (id) {
        id -> Text,
        display_name -> Text,
        display_name_key -> Text,
        external_id -> Nullable<Text>,
        attributes -> Text,
        created -> Timestamp,
        last_modified -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    /// Group memberships (users only).
    group_members (group_id, user_id) {
        group_id -> Text,
        user_id -> Text,
        display -> Nullable<Text>,
    }
}

diesel::table! {
    /// The single row of SCIM settings.
    scim_settings (id) {
        id -> Integer,
        enabled -> Bool,
        provider -> Text,
        key_hash -> Nullable<Text>,
        key_prefix -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Key/value settings.
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    /// The SCIM activity log.
    activity_log (id) {
        id -> BigInt,
        time -> Timestamp,
        user_id -> Nullable<Text>,
        user_label -> Text,
        description -> Text,
        from_text -> Nullable<Text>,
        to_text -> Nullable<Text>,
        initiator -> Text,
    }
}

diesel::table! {
    /// Local administrators.
    admins (id) {
        id -> Text,
        email -> Text,
        email_key -> Text,
        password_hash -> Text,
        created -> Timestamp,
    }
}

diesel::table! {
    /// Group-based roles, ordered by position.
    roles (id) {
        id -> Text,
        position -> BigInt,
        source_group -> Text,
        source_group_key -> Nullable<Text>,
        is_default -> Bool,
        perm_users -> Bool,
        perm_settings -> Bool,
        perm_inventory -> Bool,
        perm_requests -> Bool,
        perm_auditlog -> Bool,
        perm_reports -> Bool,
        manage_mac -> Bool,
        end_user_groups -> Text,
        end_user_ous -> Text,
        computer_groups -> Text,
        computer_ous -> Text,
        created -> Timestamp,
        last_modified -> Timestamp,
    }
}

diesel::table! {
    /// Each user's effective access after role resolution.
    user_access (user_id) {
        user_id -> Text,
        role_label -> Nullable<Text>,
        access -> Text,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(user_emails -> users (user_id));
diesel::joinable!(group_members -> users (user_id));
diesel::joinable!(group_members -> groups (group_id));
diesel::joinable!(user_access -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    user_emails,
    groups,
    group_members,
    scim_settings,
    settings,
    activity_log,
    admins,
    roles,
    user_access,
);
