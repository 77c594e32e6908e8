-- Remembers one-time seeding (the demo organisation), so deleted demo data does not come back.
create table seed_marker (
    name      varchar(100) primary key,
    seeded_at timestamptz not null
);
