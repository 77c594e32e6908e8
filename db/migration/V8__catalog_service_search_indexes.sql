-- Live search over 20,000+ services: trigram indexes serve "contains" matches on slug and name.
create extension if not exists pg_trgm;

create index service_slug_trgm_idx on service using gin (slug gin_trgm_ops);
create index service_name_trgm_idx on service using gin (lower(name) gin_trgm_ops);
