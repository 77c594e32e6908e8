-- The deployment engine: the generation a deployment applied (to resume truthfully after a restart),
-- the phase a rollout is in, a fair queue, and transitions guarded by the database itself.

alter table deployment add column applied_generation bigint;
alter table deployment add column phase varchar(30);

-- The head of each service/environment pair's queue is found through this index (the fair claim).
create index deployment_pair_queue_idx on deployment (service_id, environment_id, id) where state = 'QUEUED';

-- A deployment moves QUEUED → APPLYING → ROLLING_OUT → SUCCEEDED | FAILED, or QUEUED → CANCELLED; a started one
-- may go back to QUEUED (requeued when its cluster could not be reached) and a finished one never changes again.
create function deployment_transition_guard() returns trigger language plpgsql as $$
begin
    if old.state in ('SUCCEEDED', 'FAILED', 'CANCELLED') then
        if new.state is distinct from old.state or new.failure_reason is distinct from old.failure_reason
                or new.finished_at is distinct from old.finished_at or new.release_id is distinct from old.release_id
                or new.ready_replicas is distinct from old.ready_replicas then
            raise exception 'deployment % is % and can no longer change', old.id, old.state
                using errcode = 'check_violation', constraint = 'deployment_transition';
        end if;
    elsif new.state is distinct from old.state and not (
            (old.state = 'QUEUED' and new.state in ('APPLYING', 'CANCELLED'))
            or (old.state = 'APPLYING' and new.state in ('ROLLING_OUT', 'SUCCEEDED', 'FAILED', 'QUEUED'))
            or (old.state = 'ROLLING_OUT' and new.state in ('SUCCEEDED', 'FAILED', 'QUEUED'))) then
        raise exception 'deployment % cannot go from % to %', old.id, old.state, new.state
            using errcode = 'check_violation', constraint = 'deployment_transition';
    end if;
    return new;
end $$;

create trigger deployment_transition before update on deployment
    for each row execute function deployment_transition_guard();
