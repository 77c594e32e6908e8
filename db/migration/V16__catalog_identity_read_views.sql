-- What the catalog and identity let other modules read of their tables, and no more cascades across modules.
--
-- Other modules read catalog and identity data only through these views (or through the owning module's Java API),
-- never by joining the tables: the owning module may change its tables as long as its views keep their columns.
-- The views are plain (the planner inlines them, so the tables' indexes serve queries through them) and read-only.

create function refuse_write_through_view() returns trigger language plpgsql as $$
begin
    raise exception '% is a read-only view: write through the module that owns it', tg_table_name
        using errcode = 'feature_not_supported';
end $$;

-- Catalog. The team is left-joined (every service has one) so that a query reading no team column skips the join.
create view catalog_services as
    select s.id, s.slug, s.name, s.lifecycle, s.team_id, t.slug as team_slug, t.name as team_name
    from service s left join team t on t.id = s.team_id;

comment on view catalog_services is
    'Catalog services for other modules (deploy, access) to read: read-only; the catalog alone writes service and team.';

create trigger catalog_services_read_only instead of insert or update or delete on catalog_services
    for each row execute function refuse_write_through_view();

create view catalog_environments as
    select id, slug, name, production, position, cluster from environment;

comment on view catalog_environments is
    'Catalog environments for other modules (deploy) to read: read-only; the catalog alone writes environment.';

create trigger catalog_environments_read_only instead of insert or update or delete on catalog_environments
    for each row execute function refuse_write_through_view();

-- Identity.
create view identity_team_memberships as
    select team_slug, user_id, team_role from team_membership;

comment on view identity_team_memberships is
    'Who belongs to which team, for other modules (access) to read: read-only; identity alone writes team_membership.';

create trigger identity_team_memberships_read_only instead of insert or update or delete on identity_team_memberships
    for each row execute function refuse_write_through_view();

-- No foreign key into the catalog cascades any more. Deleting a service or environment used to delete deploy's rows
-- (a running rollout's included) and deleting a team identity's memberships and team tokens, behind those modules'
-- backs. Now the owner of those rows removes them in the deleting transaction (deploy listening to ServiceDeleted and
-- EnvironmentDeleted and refusing while a deployment is underway; identity told by the catalog that a team goes).
-- The keys stay, so nothing ever points at what is gone, and are checked at commit, after the owners have done so.
do $$
declare
    fk record;
begin
    for fk in select * from (values
            ('release', 'service_id', 'service', 'id'),
            ('deploy_settings', 'service_id', 'service', 'id'),
            ('deploy_settings', 'environment_id', 'environment', 'id'),
            ('deployment', 'service_id', 'service', 'id'),
            ('deployment', 'environment_id', 'environment', 'id'),
            ('freeze_window', 'environment_id', 'environment', 'id'),
            ('drift_finding', 'service_id', 'service', 'id'),
            ('drift_finding', 'environment_id', 'environment', 'id'),
            ('team_membership', 'team_slug', 'team', 'slug'),
            ('api_token', 'team_slug', 'team', 'slug')) as k (tab, col, ref, ref_col)
    loop
        execute format('alter table %1$I drop constraint %4$I, add constraint %4$I foreign key (%2$I) references %3$I (%5$I) '
                       'deferrable initially deferred', fk.tab, fk.col, fk.ref, fk.tab || '_' || fk.col || '_fkey', fk.ref_col);
    end loop;
end $$;
