# syntax=docker/dockerfile:1
# One image for both processes; docker-compose.yml picks the command:
#   api:    node dist/apps/api/src/main.js
#   worker: node dist/apps/worker/src/main.js
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: full install, compile, bundle the workflows, then drop dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 falls back to compiling from source when its prebuilt binary is unreachable
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.build.json \
 && node dist/scripts/bundle-workflows.js \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---- runtime: no compiler, no dev dependencies, not root ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
