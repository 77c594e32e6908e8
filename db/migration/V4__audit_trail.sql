-- Audit trail: every change and every denial, hash-chained, append-only.

create table audit_event (
    seq            bigint       primary key,
    occurred_at    timestamptz  not null,
    actor_id       bigint,
    actor_name     varchar(100) not null,
    actor_kind     varchar(20)  not null,
    token_id       bigint,
    address        varchar(64),
    user_agent     varchar(300),
    request_id     varchar(64),
    action         varchar(64)  not null,
    target_type    varchar(40),
    target_id      varchar(200),
    outcome        varchar(10)  not null check (outcome in ('SUCCESS', 'DENIED', 'FAILED')),
    reason         varchar(1000),
    changes        text,
    prev_hash      varchar(64)  not null,
    hash           varchar(64)  not null
);

-- Events arrive in time order, so a BRIN index serves time ranges at almost no cost per append.
create index audit_event_time_idx on audit_event using brin (occurred_at);
create index audit_event_actor_idx on audit_event (actor_name, seq desc);
create index audit_event_action_idx on audit_event (action, seq desc);
create index audit_event_target_idx on audit_event (target_type, target_id, seq desc);
create index audit_event_outcome_idx on audit_event (outcome, seq desc) where outcome <> 'SUCCESS';

-- Where the chain starts after old events were purged: the hash of the last purged event.
create table audit_checkpoint (
    seq         bigint      primary key,
    hash        varchar(64) not null,
    purged_at   timestamptz not null
);

-- Takes the append lock and returns where the chain ends (the last event, else the last purge
-- checkpoint, else the start), in one round trip.
create function audit_chain_head(lock_key bigint, out seq bigint, out hash varchar) language plpgsql as $$
begin
    perform pg_advisory_xact_lock(lock_key);
    select e.seq, e.hash into seq, hash from audit_event e order by e.seq desc limit 1;
    if seq is null then
        select c.seq, c.hash into seq, hash from audit_checkpoint c order by c.seq desc limit 1;
    end if;
    if seq is null then
        seq := 0;
        hash := '';
    end if;
end;
$$;

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('slipway.audit_purge', true) = 'on' then
        return old;
    end if;
    raise exception 'audit events cannot be changed or deleted (% refused)', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_append_only
    before update or delete on audit_event
    for each row execute function audit_event_is_append_only();

create function audit_event_no_truncate() returns trigger language plpgsql as $$
begin
    raise exception 'the audit trail cannot be truncated' using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_no_truncate();

-- Removes every event up to and including last_seq, and records the checkpoint the rest of the
-- chain continues from, so that verification still succeeds. The only way to delete events.
create function audit_purge_through(last_seq bigint, purged_at timestamptz) returns bigint
language plpgsql as $$
declare
    last_hash varchar(64);
    removed bigint;
begin
    select hash into last_hash from audit_event where seq = last_seq;
    if last_hash is null then
        raise exception 'no audit event %', last_seq;
    end if;
    perform set_config('slipway.audit_purge', 'on', true);
    delete from audit_event where seq <= last_seq;
    get diagnostics removed = row_count;
    perform set_config('slipway.audit_purge', 'off', true);
    insert into audit_checkpoint (seq, hash, purged_at) values (last_seq, last_hash, purged_at);
    return removed;
end;
$$;
