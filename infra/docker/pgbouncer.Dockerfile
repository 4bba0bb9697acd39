# syntax=docker/dockerfile:1.7
# PgBouncer from Debian's package (the same one the project's machines and CI install), run as
# the package's postgres user. Its configuration is mounted: infra/pgbouncer/pgbouncer.ini and
# a userlist made by infra/compose/make-secrets.sh.
#   docker build -f infra/docker/pgbouncer.Dockerfile -t tandem-pgbouncer infra/docker
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends pgbouncer postgresql-client \
 && rm -rf /var/lib/apt/lists/*
USER postgres
EXPOSE 6432
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["pg_isready", "-h", "127.0.0.1", "-p", "6432"]
CMD ["pgbouncer", "/etc/pgbouncer/pgbouncer.ini"]
