-- Identity: people and service accounts, their roles and team memberships, API tokens, sign-in failures.

create table app_user (
    id              bigint generated always as identity primary key,
    username        varchar(64)  not null,
    display_name    varchar(100) not null,
    email           varchar(254),
    password_hash   varchar(200),
    kind            varchar(20)  not null default 'PERSON' check (kind in ('PERSON', 'SERVICE_ACCOUNT')),
    owner_team      varchar(63)  references team (slug) on delete restrict,
    oidc_issuer     varchar(500),
    oidc_subject    varchar(255),
    enabled         boolean      not null default true,
    -- Bumped when a user is disabled or changes password: sessions signed in under an older epoch end.
    session_epoch   integer      not null default 0,
    created_at      timestamptz  not null,
    updated_at      timestamptz  not null,
    version         bigint       not null default 0,
    constraint app_user_username_unique unique (username),
    constraint app_user_oidc_unique unique (oidc_issuer, oidc_subject),
    constraint service_account_has_team check (kind <> 'SERVICE_ACCOUNT' or owner_team is not null)
);

create table user_role (
    user_id bigint      not null references app_user (id) on delete cascade,
    role    varchar(20) not null check (role in ('ADMIN', 'DEVELOPER', 'FINANCE')),
    primary key (user_id, role)
);

create table team_membership (
    team_slug  varchar(63) not null references team (slug) on delete cascade,
    user_id    bigint      not null references app_user (id) on delete cascade,
    team_role  varchar(20) not null check (team_role in ('MAINTAINER', 'MEMBER')),
    created_at timestamptz not null,
    primary key (team_slug, user_id)
);

create index team_membership_user_idx on team_membership (user_id);

create table api_token (
    id                bigint generated always as identity primary key,
    name              varchar(100) not null,
    owner_id          bigint       not null references app_user (id) on delete cascade,
    -- SHA-256 of the secret, hex; the secret itself is never stored.
    secret_hash       varchar(64)  not null,
    secret_hint       varchar(16)  not null,
    scopes            varchar(200) not null,
    team_slug         varchar(63)  references team (slug) on delete cascade,
    expires_at        timestamptz  not null,
    created_by        bigint       not null references app_user (id),
    created_at        timestamptz  not null,
    last_used_at      timestamptz,
    last_used_address varchar(64),
    revoked_at        timestamptz,
    revoked_by        bigint       references app_user (id),
    constraint api_token_secret_unique unique (secret_hash)
);

create index api_token_owner_idx on api_token (owner_id, created_at desc);

create table login_failure (
    id         bigint generated always as identity primary key,
    username   varchar(64) not null,
    address    varchar(64) not null,
    failed_at  timestamptz not null
);

create index login_failure_username_idx on login_failure (username, failed_at);
create index login_failure_address_idx on login_failure (address, failed_at);
