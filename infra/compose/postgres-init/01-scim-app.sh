#!/bin/bash
# Run once by the postgres image on an empty data directory: the service's login role, without superuser rights.
# Flyway migrates as postgres (SPRING_FLYWAY_USER) and grants scim_app what it needs after every migration.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v pw="$SCIM_APP_DB_PASSWORD" <<'EOSQL'
CREATE ROLE scim_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
EOSQL
