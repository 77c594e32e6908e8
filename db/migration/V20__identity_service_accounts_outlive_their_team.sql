-- A team is deleted once its service accounts are disabled (the catalog asks identity first); the disabled accounts
-- stay, for the audit trail, naming the team they served. So the owner's slug is no longer a reference into the
-- catalog's table: identity keeps it as history, and a service account is enabled again only while its team exists.
alter table app_user drop constraint app_user_owner_team_fkey;

comment on column app_user.owner_team is
    'The team a service account serves; for a deleted team''s (disabled) accounts, the team it served.';
