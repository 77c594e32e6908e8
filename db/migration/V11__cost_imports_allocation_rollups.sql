-- Cost: imported bill line items (FOCUS / AWS CUR), the rules that allocate them to teams, projects
-- and services, the daily rollups every report reads, budgets and the alerts they raise.
-- Money is numeric everywhere and keeps the file's precision.

create table cost_import (
    id              bigint generated always as identity primary key,
    state           varchar(20)   not null check (state in ('RUNNING', 'COMMITTED', 'FAILED')),
    file_names      varchar(2000) not null,
    format          varchar(20),
    focus_version   varchar(10),
    bytes_total     bigint        not null default 0,
    rows_total      bigint        not null default 0,
    -- Advanced by the loader in its own small transactions, so a progress bar can follow a running import.
    rows_loaded     bigint        not null default 0,
    totals          jsonb         not null default '[]',
    periods         jsonb         not null default '[]',
    warnings        jsonb         not null default '[]',
    problems        jsonb         not null default '[]',
    problem_count   bigint        not null default 0,
    replaced_rows   bigint        not null default 0,
    created_by_name varchar(100)  not null,
    bytes_checked   bigint        not null default 0,
    started_at      timestamptz   not null,
    -- Moved on with the progress; a RUNNING import whose heartbeat stopped lost its process.
    heartbeat_at    timestamptz   not null,
    finished_at     timestamptz
);

create index cost_import_started_idx on cost_import (started_at desc, id desc);

-- Partitioned by billing month, so replacing a restated period touches one partition. The importer
-- creates a month's partition before it loads rows of that month; rows of a month found only later in a
-- file land in the default partition and are moved to their own in the same transaction.
create table cost_line_item (
    import_id            bigint        not null,
    line_no              bigint        not null,
    billing_account_id   text          not null,
    billing_account_name text,
    billing_period_start timestamptz   not null,
    billing_period_end   timestamptz   not null,
    charge_period_start  timestamptz   not null,
    charge_period_end    timestamptz   not null,
    charge_category      text          not null,
    charge_class         text,
    charge_description   text,
    billed_cost          numeric       not null,
    effective_cost       numeric       not null,
    list_cost            numeric       not null,
    contracted_cost      numeric       not null,
    currency             char(3)       not null,
    provider             text,
    publisher            text,
    invoice_issuer       text,
    service_name         text,
    service_category     text,
    pricing_quantity     numeric,
    pricing_unit         text,
    resource_id          text,
    resource_name        text,
    region               text,
    tags                 jsonb         not null default '{}',
    extra                jsonb
) partition by range (billing_period_start);

create table cost_line_item_default partition of cost_line_item default;

-- No indexes: every query reads whole partitions (a billing month), and COPY loads faster without them.

-- Which tag keys name each dimension, in order; matched case-insensitively after trimming.
create table cost_allocation_key (
    dimension varchar(20) not null check (dimension in ('team', 'project', 'service', 'environment')),
    position  integer     not null,
    tag_key   varchar(100) not null,
    primary key (dimension, position)
);

insert into cost_allocation_key (dimension, position, tag_key) values
    ('team', 1, 'team'), ('team', 2, 'owner'),
    ('project', 1, 'project'),
    ('service', 1, 'service'), ('service', 2, 'app'), ('service', 3, 'application'),
    ('environment', 1, 'env'), ('environment', 2, 'environment');

-- A tag value that is not a catalog slug, mapped to one (business_unit=ViennaAI → team search).
create table cost_tag_alias (
    id        bigint generated always as identity primary key,
    dimension varchar(20)  not null check (dimension in ('team', 'project', 'service', 'environment')),
    tag_value varchar(200) not null,
    target    varchar(100) not null,
    constraint cost_tag_alias_unique unique (dimension, tag_value)
);

-- Costs no team owns (a shared project, untagged networking, support) distributed over the teams.
create table cost_shared_rule (
    id               bigint generated always as identity primary key,
    name             varchar(100) not null unique,
    match_project    varchar(100),
    match_category   varchar(100),
    match_provider_service varchar(200),
    method           varchar(20)  not null check (method in ('PROPORTIONAL', 'FIXED')),
    -- For FIXED: team slug → percent, adding up to 100.
    shares           jsonb        not null default '{}',
    position         integer      not null,
    check (match_project is not null or match_category is not null or match_provider_service is not null)
);

-- Every report reads these. A charge is placed by when it was incurred (its charge period), spread
-- evenly over its days with the rounding remainder on the last one.
create table cost_rollup_daily (
    -- The month of the charges' ChargePeriodStart: what one recomputation replaces.
    source_month     date          not null,
    day              date          not null,
    currency         char(3)       not null,
    team             text          not null,
    project          text          not null,
    service          text          not null,
    environment      text          not null,
    provider         text          not null,
    service_category text          not null,
    provider_service text          not null,
    allocation       varchar(12)   not null check (allocation in ('DIRECT', 'SHARED', 'UNALLOCATED')),
    reason           text          not null,
    billed_cost      numeric       not null,
    effective_cost   numeric       not null,
    list_cost        numeric       not null
);

create index cost_rollup_daily_day_idx on cost_rollup_daily (day);
create index cost_rollup_daily_team_idx on cost_rollup_daily (team, day);
create index cost_rollup_daily_source_idx on cost_rollup_daily (source_month);

-- Monthly sums of the daily rollup per team, project, service and currency: month reports read these.
create table cost_rollup_monthly (
    month            date          not null,
    currency         char(3)       not null,
    team             text          not null,
    project          text          not null,
    service          text          not null,
    environment      text          not null,
    provider         text          not null,
    service_category text          not null,
    provider_service text          not null,
    allocation       varchar(12)   not null,
    reason           text          not null,
    billed_cost      numeric       not null,
    effective_cost   numeric       not null,
    list_cost        numeric       not null
);

create index cost_rollup_monthly_month_idx on cost_rollup_monthly (month);

-- The daily rollup without the provider's dimensions: day reports by team, project, service, environment or
-- allocation read these, a fraction of the rows.
create table cost_rollup_daily_summary (
    day              date          not null,
    currency         char(3)       not null,
    team             text          not null,
    project          text          not null,
    service          text          not null,
    environment      text          not null,
    allocation       varchar(12)   not null,
    billed_cost      numeric       not null,
    effective_cost   numeric       not null,
    list_cost        numeric       not null
);

create index cost_rollup_daily_summary_day_idx on cost_rollup_daily_summary (day);

-- A recomputation of the rollups after rules changed, with its progress.
create table cost_recomputation (
    id              bigint generated always as identity primary key,
    state           varchar(20)  not null check (state in ('RUNNING', 'DONE', 'FAILED')),
    reason          varchar(200) not null,
    months_total    integer      not null default 0,
    months_done     integer      not null default 0,
    rows_total      bigint       not null default 0,
    rows_done       bigint       not null default 0,
    error           varchar(2000),
    started_by_name varchar(100) not null,
    started_at      timestamptz  not null,
    finished_at     timestamptz
);

create table cost_budget (
    id                  bigint generated always as identity primary key,
    scope_type          varchar(20)   not null check (scope_type in ('TEAM', 'PROJECT')),
    scope               varchar(100)  not null,
    currency            char(3)       not null,
    monthly_amount      numeric       not null check (monthly_amount > 0),
    -- Percent thresholds, e.g. {80} on actual spend and {100} on the month-end forecast.
    actual_thresholds   integer[]     not null,
    forecast_thresholds integer[]     not null,
    created_by_name     varchar(100)  not null,
    created_at          timestamptz   not null,
    updated_at          timestamptz   not null,
    constraint cost_budget_unique unique (scope_type, scope, currency)
);

-- Raised once per budget, kind, threshold and month (or per scope and day for anomalies).
create table cost_alert (
    id            bigint generated always as identity primary key,
    kind          varchar(20)   not null check (kind in ('BUDGET_ACTUAL', 'BUDGET_FORECAST', 'ANOMALY')),
    budget_id     bigint        references cost_budget (id) on delete cascade,
    scope_type    varchar(20)   not null,
    scope         varchar(100)  not null,
    team          varchar(100),
    period        date          not null,
    threshold     integer,
    currency      char(3)       not null,
    amount        numeric       not null,
    reference     numeric       not null,
    message       varchar(1000) not null,
    raised_at     timestamptz   not null,
    constraint cost_alert_once unique nulls not distinct (kind, budget_id, scope_type, scope, period, threshold, currency)
);

create index cost_alert_raised_idx on cost_alert (raised_at desc);
