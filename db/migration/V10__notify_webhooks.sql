-- Outgoing webhooks: the endpoints administrators configure, the outbox of deliveries written in the
-- business transaction, and every attempt to deliver one.

create table webhook_endpoint (
    id               bigint generated always as identity primary key,
    name             varchar(100)  not null,
    url              varchar(2000) not null,
    -- Kept readable: every payload is signed with it (HMAC-SHA256).
    secret           varchar(200)  not null,
    events           text[]        not null,
    enabled          boolean       not null default true,
    created_at       timestamptz   not null,
    created_by_name  varchar(100)  not null,
    updated_at       timestamptz   not null
);

create table webhook_delivery (
    id               bigint generated always as identity primary key,
    endpoint_id      bigint        not null references webhook_endpoint (id) on delete cascade,
    event            varchar(100)  not null,
    -- The exact body sent, fixed when the notice happened, so every retry sends (and signs) the same bytes.
    payload          text          not null,
    state            varchar(20)   not null check (state in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         integer       not null default 0,
    next_attempt_at  timestamptz   not null,
    -- Set while a dispatcher sends it; once it has passed, the delivery is due again (its process stopped).
    lease_until      timestamptz,
    last_status      integer,
    last_error       varchar(1000),
    created_at       timestamptz   not null,
    delivered_at     timestamptz
);

create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where state = 'PENDING';
create index webhook_delivery_endpoint_idx on webhook_delivery (endpoint_id, id desc);

create table webhook_attempt (
    id               bigint generated always as identity primary key,
    delivery_id      bigint        not null references webhook_delivery (id) on delete cascade,
    at               timestamptz   not null,
    status_code      integer,
    error            varchar(1000),
    duration_ms      bigint        not null
);

create index webhook_attempt_delivery_idx on webhook_attempt (delivery_id, id);
