#!/bin/sh
# Writes fresh random secrets for infra/compose.yaml into infra/compose/secrets/ (git-ignored).
# Refuses to overwrite: deleting secrets/ after the first `up` would leave PostgreSQL's volume
# with passwords nothing knows (remove the volumes too: docker compose down --volumes).
set -eu
# The directory is an argument only for infra/test, which checks what this script writes.
dir="${1:-$(dirname "$0")/secrets}"
if [ -e "$dir" ]; then
  echo "$dir exists; remove it (and the compose volumes) to start over" >&2
  exit 1
fi
umask 077
mkdir -p "$dir"
hex() { openssl rand -hex "$1"; }
superuser=$(hex 24)
owner=$(hex 24)
runtime=$(hex 24)

echo "POSTGRES_PASSWORD=$superuser" > "$dir/postgres.env"
printf 'DATABASE_OWNER_PASSWORD=%s\nDATABASE_RUNTIME_PASSWORD=%s\n' "$owner" "$runtime" > "$dir/provision.env"
echo "DATABASE_URL=postgres://tandem_owner:$owner@postgres:5432/tandem" > "$dir/migrate.env"
cat > "$dir/app.env" <<APP
DATABASE_RUNTIME_URL=postgres://tandem_app:$runtime@pgbouncer:6432/tandem
AUTH_TOKEN_KEYS=k1:$(hex 32)
DATA_ENCRYPTION_KEY=$(openssl rand -base64 32)
APP
echo "\"tandem_app\" \"$runtime\"" > "$dir/pgbouncer-userlist.txt"
# PgBouncer runs as its own user in its container and must read the userlist it is given;
# the directory (0700) keeps it from other users of this host.
chmod 0644 "$dir/pgbouncer-userlist.txt"
echo "wrote $dir"
