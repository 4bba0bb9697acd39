# syntax=docker/dockerfile:1.7
# The worker: BullMQ processors and the outbox relay. It serves no HTTP.
# Build from the repository root (see infra/README.md; not built on the project's machines):
#   docker build -f infra/docker/worker.Dockerfile -t tandem-worker .
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
RUN npm install --global pnpm@10.34.9
# The lockfile alone fills pnpm's store, so this layer survives source changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc package.json ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline \
 && pnpm turbo run build --filter=@tandem/worker... --output-logs=errors-only \
 && pnpm --filter=@tandem/worker deploy --prod --legacy --prefer-offline /out \
 && rm -rf /out/src /out/test /out/.turbo /out/tsconfig*.json /out/*.config.*

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and only readable by the app user: the process cannot rewrite its own code.
COPY --from=build /out ./
USER node
# No HTTP endpoint to ask: the container's health is its process (it exits when it cannot
# start), and the work it does is watched through the gateway's queue metrics.
HEALTHCHECK NONE
CMD ["node", "dist/main.js"]
