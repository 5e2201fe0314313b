-- The application's roles (TENANT-1), created once with the database volume: the official
-- PostgreSQL image runs this file with psql, as POSTGRES_USER (cdlp, the schema owner, who
-- applies the migrations with DATABASE_URL), in POSTGRES_DB.
--
--   cdlp_app      owns nothing, cannot log in, is no superuser and cannot bypass row-level
--                 security; the migrations grant it what the application may do.
--   cdlp_portail  the login of every api instance (DATABASE_APP_URL), a member of cdlp_app.
--
-- README.md (« Instance nationale ») gives the same statements for a database run by a DBA.
-- The password comes from the container's environment (CDLP_APP_PASSWORD); without it the
-- statement below fails and the database is not initialised.
\getenv cdlp_app_password CDLP_APP_PASSWORD

CREATE ROLE cdlp_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE ROLE cdlp_portail LOGIN PASSWORD :'cdlp_app_password'
  NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT IN ROLE cdlp_app;
