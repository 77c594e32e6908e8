-- Releases: immutable, versioned images of services.

create table release (
    id               bigint generated always as identity primary key,
    service_id       bigint        not null references service (id) on delete cascade,
    version          varchar(128)  not null,
    image            varchar(500)  not null,
    git_sha          varchar(40),
    commit_time      timestamptz,
    notes            varchar(4000),
    link             varchar(500),
    created_by       bigint        references app_user (id) on delete set null,
    created_by_name  varchar(100)  not null,
    idempotency_key  varchar(100),
    created_at       timestamptz   not null,
    constraint release_version_unique unique (service_id, version),
    constraint release_idempotency_unique unique (created_by, idempotency_key)
);

create index release_service_idx on release (service_id, created_at desc);
