-- Scheduled jobs run on one Slipway replica at a time: a run holds its job's row here (ShedLock, timed by the
-- database's clock). Columns as ShedLock's JDBC provider expects them for PostgreSQL.
create table shedlock (
    name       varchar(64)  not null primary key,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null
);
