# syntax=docker/dockerfile:1.7
# The gateway: POST /graphql, /healthz, /readyz, /metrics, /admin/queues on $PORT (4000).
# Build from the repository root (see infra/README.md; not built on the project's machines):
#   docker build -f infra/docker/gateway.Dockerfile -t tandem-gateway .
ARG NODE_IMAGE=node:20.20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
RUN npm install --global pnpm@10.34.9
# The lockfile alone fills pnpm's store, so this layer survives source changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc package.json ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline \
 && pnpm turbo run build --filter=@tandem/gateway... --output-logs=errors-only \
 && pnpm --filter=@tandem/gateway deploy --prod --legacy --prefer-offline /out \
 && rm -rf /out/src /out/test /out/.turbo /out/tsconfig*.json /out/*.config.*

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
WORKDIR /app
# Owned by root and only readable by the app user: the process cannot rewrite its own code.
COPY --from=build /out ./
USER node
EXPOSE 4000
# /healthz only says the process answers; readiness (/readyz) belongs to the orchestrator.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# A young generation of up to 2 × 32 MB: a request allocates megabytes that die with it, and the
# default (16 MB) collected them often enough to cost 5-10 % of the CPU (docs/operations.md).
CMD ["node", "--max-semi-space-size=32", "dist/main.js"]
