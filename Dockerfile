# syntax=docker/dockerfile:1
# One image for every role: node deploy/role.ts <all-in-one|migrate|ingest|scorer|api|ui>.
# Node 24 runs the TypeScript sources directly (type stripping): there is no compile step, only the
# dashboard's `vite build`. See deploy/README.md for roles, env and what is validated where.
#
#   docker build -t reddit-seriousness .
#   docker run --rm -e DATABASE_URL=postgres://… reddit-seriousness migrate

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- deps: production node_modules only ------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev: no vitest, eslint, testcontainers, nor the `node` devDependency (the base image
# already is Node 24). --ignore-scripts: package.json's allowScripts already disables every
# production dependency's install script (onnxruntime-node's postinstall would fetch CUDA files;
# its CPU binaries ship in the package), so this only makes that explicit for any npm version.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# ---- ui-build: the dashboard (SvelteKit + adapter-node) ----------------------------------------
# vite, @sveltejs/kit, adapter-node and svelte are production dependencies, so the deps tree builds it.
FROM deps AS ui-build
COPY ui/ ./ui/
RUN cd ui && NODE_ENV=production node ../node_modules/vite/bin/vite.js build --logLevel warn \
 && test -f /app/node_modules/.cache/reddit-seriousness-ui/build/handler.js

# ---- runtime -----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    API_HOST=0.0.0.0 \
    UI_HOST=0.0.0.0 \
    API_PORT=8080 \
    UI_PORT=3000 \
    DATA_DIR=/data \
    ROLE_FILE=/tmp/seriousness-role
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY runtime/ ./runtime/
COPY app/ ./app/
COPY db/ ./db/
COPY ingest/ ./ingest/
COPY scorer/ ./scorer/
COPY api/ ./api/
COPY model/ ./model/
COPY deploy/role.ts deploy/healthcheck.ts ./deploy/
# The UI sources and the build from the same stage; touching the build afterwards keeps
# ui/build.ts from seeing "sources newer than build" and trying to rebuild in a read-only image.
COPY --from=ui-build /app/ui/ ./ui/
COPY --from=ui-build /app/node_modules/.cache/reddit-seriousness-ui/build/ ./node_modules/.cache/reddit-seriousness-ui/build/
RUN find ./node_modules/.cache/reddit-seriousness-ui/build -exec touch {} + \
 && mkdir -p /data && chown node:node /data
# Embedded all-in-one only (server roles use DATABASE_URL and keep nothing on disk).
VOLUME ["/data"]
# The official image's unprivileged user (uid 1000); the app files stay root-owned, read-only to it.
USER node
EXPOSE 8080 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "deploy/healthcheck.ts"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "deploy/role.ts"]
CMD ["all-in-one"]
