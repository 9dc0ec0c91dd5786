DROP TABLE user_access;
DROP TABLE roles;
DROP TABLE admins;
DROP TABLE settings;
DROP TABLE scim_settings;
