-- The PostgreSQL roles and database for learning-hub (city layout: packaging/OPERATORS.md, "City layout:
-- PostgreSQL and several replicas"). PostgreSQL 15. Run it as the superuser, on the database server:
--
--   runuser -u postgres -- psql -v ON_ERROR_STOP=1 -f /usr/share/doc/learning-hub/city/hub-role.sql
--
-- It can be run again: it creates what is missing and puts roles, ownership and grants back to what is
-- written here (it never drops anything and never touches the hub's tables). No password is set here:
-- for connections over the network give the service role one with psql's \password (it sends only a
-- SCRAM hash, so the password is in no log or history); on the local socket use peer authentication
-- (pg_hba.conf.example), which needs none.
--
-- The scheme, and why:
--   learning_hub_owner  NOLOGIN. Owns the database learning_hub (and with it, in PostgreSQL 15, the
--                       schema public). Nobody connects as it: dropping the database, renaming it or
--                       changing its settings stays with the superuser.
--   learning_hub        LOGIN, the role every replica and every admin command connects as. No
--                       superuser, createdb, createrole, replication or bypassrls; at most 64
--                       connections. It owns one schema, learning_hub, and its search_path in this
--                       database is that schema alone, so the tables the hub creates (unqualified
--                       names) land there and nowhere else.
-- The hub creates and migrates its own tables when it opens the database (schema_migrations, one
-- transaction per step under an advisory lock), so the role it runs as must be able to create tables in
-- its schema: owning that one schema is the smallest grant that allows this at first start and at every
-- upgrade, without a second set of credentials to manage. The service role is deliberately not a member
-- of learning_hub_owner: membership would hand it the database owner's rights (DROP DATABASE, ALTER
-- DATABASE, CREATE SCHEMA) and migrations need none of them. It gets CONNECT (and TEMPORARY: session-local
-- scratch tables) on this database alone; PUBLIC keeps nothing here, and nobody may create objects in
-- the public schema. What it cannot be kept from: deleting or changing its own data, which is what the
-- backups (pg_dump, WAL archiving) are for.

\set ON_ERROR_STOP on

SELECT 'CREATE ROLE learning_hub_owner NOLOGIN'
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'learning_hub_owner')\gexec
SELECT 'CREATE ROLE learning_hub LOGIN'
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'learning_hub')\gexec

ALTER ROLE learning_hub_owner NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
-- Connection limit: replicas x the connections each opens (at most its --threads), plus a few for admin
-- commands and backups; keep the sum below max_connections - superuser_reserved_connections (100 - 3 by
-- default). Raise both together (OPERATORS.md, sizing).
ALTER ROLE learning_hub LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS
  INHERIT CONNECTION LIMIT 64;

-- UTF-8, text compared byte by byte (C.UTF-8), as SQLite compares it in the embedded hub.
SELECT 'CREATE DATABASE learning_hub OWNER learning_hub_owner ENCODING ''UTF8'' LOCALE ''C.UTF-8'' TEMPLATE template0'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'learning_hub')\gexec
ALTER DATABASE learning_hub OWNER TO learning_hub_owner;
REVOKE ALL ON DATABASE learning_hub FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE learning_hub TO learning_hub;
ALTER ROLE learning_hub IN DATABASE learning_hub SET search_path = learning_hub;

\connect learning_hub
SET client_min_messages = warning;  -- no "already exists, skipping" notices when run again

-- Already so in a new PostgreSQL 15 database; stated here so that this file holds the whole policy.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS learning_hub AUTHORIZATION learning_hub;
ALTER SCHEMA learning_hub OWNER TO learning_hub;
REVOKE ALL ON SCHEMA learning_hub FROM PUBLIC;
