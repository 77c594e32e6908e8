-- Estimated cluster cost of the services Slipway deploys: CPU and memory requests × replicas × the
-- cluster's rates, one row a day per service and environment. A source of its own, never added to
-- billed cost.
create table cost_estimate_daily (
    day          date          not null,
    team         text          not null,
    service      text          not null,
    environment  text          not null,
    cluster      text          not null,
    currency     char(3)       not null,
    replicas     integer       not null,
    cpu_cores    numeric       not null,
    memory_gib   numeric       not null,
    amount       numeric       not null,
    primary key (day, service, environment)
);

create index cost_estimate_daily_team_idx on cost_estimate_daily (team, day);
