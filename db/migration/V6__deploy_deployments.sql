-- Deployments of releases to environments, their settings, and their progress.

alter table environment add column auto_rollback boolean not null default false;
-- A release may go to such an environment only after it succeeded in the one before it.
alter table environment add column promotion_required boolean not null default false;
update environment set promotion_required = true where production;

-- How a service runs in an environment; absent rows mean the defaults.
create table deploy_settings (
    service_id          bigint       not null references service (id) on delete cascade,
    environment_id      bigint       not null references environment (id) on delete cascade,
    replicas            integer      not null check (replicas between 0 and 100),
    container_port      integer      not null check (container_port between 1 and 65535),
    cpu_request         varchar(20)  not null,
    cpu_limit           varchar(20)  not null,
    memory_request      varchar(20)  not null,
    memory_limit        varchar(20)  not null,
    env                 text         not null default '',
    readiness_path      varchar(200),
    liveness_path       varchar(200),
    rollout_timeout_s   integer      not null check (rollout_timeout_s between 10 and 3600),
    updated_at          timestamptz  not null,
    primary key (service_id, environment_id)
);

create table deployment (
    id                bigint generated always as identity primary key,
    service_id        bigint        not null references service (id) on delete cascade,
    environment_id    bigint        not null references environment (id) on delete cascade,
    release_id        bigint        not null references release (id) on delete cascade,
    state             varchar(20)   not null check (state in ('QUEUED', 'APPLYING', 'ROLLING_OUT', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    requested_by      bigint        references app_user (id) on delete set null,
    requested_by_name varchar(100)  not null,
    reason            varchar(1000),
    rollback_of       bigint        references deployment (id),
    override_reason   varchar(1000),
    idempotency_key   varchar(100),
    manifest          text,
    ready_replicas    integer       not null default 0,
    desired_replicas  integer       not null default 0,
    failure_reason    varchar(1000),
    worker            varchar(100),
    lease_until       timestamptz,
    created_at        timestamptz   not null,
    started_at        timestamptz,
    finished_at       timestamptz,
    constraint deployment_idempotency_unique unique (requested_by, idempotency_key)
);

-- At most one deployment per service and environment is underway at a time.
create unique index deployment_one_active_idx on deployment (service_id, environment_id)
    where state in ('APPLYING', 'ROLLING_OUT');
create index deployment_queue_idx on deployment (id) where state = 'QUEUED';
create index deployment_service_env_idx on deployment (service_id, environment_id, id desc);
create index deployment_recent_idx on deployment (created_at desc);

create table deployment_event (
    id             bigint generated always as identity primary key,
    deployment_id  bigint       not null references deployment (id) on delete cascade,
    at             timestamptz  not null,
    kind           varchar(30)  not null,
    message        varchar(2000) not null,
    ready          integer,
    desired        integer
);

create index deployment_event_deployment_idx on deployment_event (deployment_id, id);
