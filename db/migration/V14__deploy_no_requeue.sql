-- A started deployment never goes back to QUEUED: one that meets a cluster or Slipway's own database away stays
-- APPLYING or ROLLING_OUT and is taken up again when its lease runs out (the cluster read first). V13 allowed the way
-- back for a requeue that was never built; a deployment now moves QUEUED → APPLYING → ROLLING_OUT → SUCCEEDED | FAILED,
-- or QUEUED → CANCELLED, and a finished one never changes again.
create or replace function deployment_transition_guard() returns trigger language plpgsql as $$
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
            or (old.state = 'APPLYING' and new.state in ('ROLLING_OUT', 'SUCCEEDED', 'FAILED'))
            or (old.state = 'ROLLING_OUT' and new.state in ('SUCCEEDED', 'FAILED'))) then
        raise exception 'deployment % cannot go from % to %', old.id, old.state, new.state
            using errcode = 'check_violation', constraint = 'deployment_transition';
    end if;
    return new;
end $$;
