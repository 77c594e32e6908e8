-- Freeze windows per environment, and drift between what Slipway deployed and what runs.

create table freeze_window (
    id               bigint generated always as identity primary key,
    environment_id   bigint        not null references environment (id) on delete cascade,
    starts_at        timestamptz,
    ends_at          timestamptz,
    weekday          integer       check (weekday between 1 and 7),
    start_time       time,
    end_time         time,
    zone             varchar(64),
    reason           varchar(1000) not null,
    created_by_name  varchar(100)  not null,
    created_at       timestamptz   not null,
    -- Either a one-off window (from–to) or a weekly one (day, times, zone).
    constraint freeze_window_kind check (
        (starts_at is not null and ends_at is not null and ends_at > starts_at and weekday is null)
        or (starts_at is null and ends_at is null and weekday is not null and start_time is not null
            and end_time is not null and end_time > start_time and zone is not null))
);

create index freeze_window_environment_idx on freeze_window (environment_id);

create table drift_finding (
    id              bigint generated always as identity primary key,
    service_id      bigint        not null references service (id) on delete cascade,
    environment_id  bigint        not null references environment (id) on delete cascade,
    expected_image  varchar(500)  not null,
    live_image      varchar(500),
    found_at        timestamptz   not null,
    resolved_at     timestamptz
);

create unique index drift_finding_open_idx on drift_finding (service_id, environment_id) where resolved_at is null;
