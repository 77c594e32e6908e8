-- Catalog: teams own services; environments form the promotion order.

create table team (
    id          bigint generated always as identity primary key,
    slug        varchar(63)  not null,
    name        varchar(100) not null,
    description varchar(2000),
    contact     varchar(200),
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    version     bigint       not null default 0,
    constraint team_slug_unique unique (slug),
    constraint team_name_unique unique (name)
);

create table service (
    id               bigint generated always as identity primary key,
    slug             varchar(63)  not null,
    name             varchar(100) not null,
    team_id          bigint       not null references team (id),
    description      varchar(2000),
    repository_url   varchar(500),
    image_repository varchar(255),
    lifecycle        varchar(20)  not null check (lifecycle in ('EXPERIMENTAL', 'PRODUCTION', 'DEPRECATED')),
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    version          bigint       not null default 0,
    constraint service_slug_unique unique (slug),
    constraint service_name_unique unique (name)
);

create index service_team_idx on service (team_id, slug);
create index service_lifecycle_idx on service (lifecycle, slug);

-- Cost tags become Kubernetes labels and cost-allocation keys, so they follow label rules.
create table service_cost_tag (
    service_id bigint      not null references service (id) on delete cascade,
    key        varchar(63) not null,
    value      varchar(63) not null,
    primary key (service_id, key)
);

create index service_cost_tag_key_value_idx on service_cost_tag (key, value);

create table environment (
    id                 bigint generated always as identity primary key,
    slug               varchar(63)  not null,
    name               varchar(100) not null,
    production         boolean      not null default false,
    position           integer      not null,
    cluster            varchar(63)  not null,
    namespace_template varchar(100) not null,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null,
    version            bigint       not null default 0,
    constraint environment_slug_unique unique (slug),
    constraint environment_name_unique unique (name),
    constraint environment_position_unique unique (position) deferrable initially immediate
);
