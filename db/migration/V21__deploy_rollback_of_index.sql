-- Whether a deployment was rolled back is asked for every row the delivery metrics and the deployment lists read
-- (exists … where rollback_of = d.id); without this index each asks by scanning the table.
create index deployment_rollback_of on deployment (rollback_of) where rollback_of is not null;
