-- Production access: scoped, time-limited grants, just-in-time requests and their approvals.

-- How many approvals a request for this environment needs (2 = the two-person rule), and whether
-- maintainers of the owning team may approve besides administrators.
alter table environment add column access_approvals_required integer not null default 1
    check (access_approvals_required between 1 and 5);
alter table environment add column maintainers_approve_access boolean not null default false;

create table access_request (
    id                 bigint generated always as identity primary key,
    requester_id       bigint       not null references app_user (id),
    requester_name     varchar(64)  not null,
    actions            text[]       not null,
    team_slug          varchar(63)  not null,
    -- null: every service of the team
    services           text[],
    environments       text[]       not null,
    duration_seconds   integer      not null check (duration_seconds > 0),
    reason             text         not null,
    state              varchar(20)  not null check (state in ('PENDING', 'APPROVED', 'DENIED', 'EXPIRED', 'WITHDRAWN')),
    approvals_required integer      not null,
    maintainers_may_approve boolean not null,
    created_at         timestamptz  not null,
    expires_at         timestamptz  not null,
    decided_at         timestamptz,
    decided_by_name    varchar(64),
    decision_comment   text
);
create index access_request_pending on access_request (expires_at) where state = 'PENDING';
create index access_request_requester on access_request (requester_id, id desc);

create table access_decision (
    request_id    bigint       not null references access_request (id),
    approver_id   bigint       not null references app_user (id),
    approver_name varchar(64)  not null,
    approved      boolean      not null,
    comment       text,
    decided_at    timestamptz  not null,
    primary key (request_id, approver_id)
);

create table access_grant (
    id               bigint generated always as identity primary key,
    -- exactly one subject: a user (person or service account) or every member of a team
    subject_user_id  bigint       references app_user (id),
    -- no foreign key: grants outlive the teams they were given to
    subject_team     varchar(63),
    subject_name     varchar(64)  not null,
    subject_kind     varchar(20)  not null check (subject_kind in ('PERSON', 'SERVICE_ACCOUNT', 'TEAM')),
    actions          text[]       not null,
    team_slug        varchar(63)  not null,
    services         text[],
    environments     text[]       not null,
    starts_at        timestamptz  not null,
    ends_at          timestamptz  not null,
    reason           text         not null,
    request_id       bigint       unique references access_request (id),
    created_by_name  varchar(64)  not null,
    created_at       timestamptz  not null,
    revoked_at       timestamptz,
    revoked_by_name  varchar(64),
    revoke_reason    text,
    -- set once the expiry has been recorded and announced
    expiry_noted_at  timestamptz,
    constraint access_grant_one_subject check ((subject_user_id is null) <> (subject_team is null)),
    constraint access_grant_period check (ends_at > starts_at)
);
create index access_grant_live on access_grant (team_slug, ends_at) where revoked_at is null;
create index access_grant_subject on access_grant (subject_user_id, ends_at desc);
create index access_grant_unnoted on access_grant (ends_at) where expiry_noted_at is null and revoked_at is null;

-- The grant that let a production deployment be requested; checked again when it starts.
alter table deployment add column access_grant_id bigint references access_grant (id);
