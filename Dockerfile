# syntax=docker/dockerfile:1
# The one StreamHub image: `node dist/services/main.js --target=<...>` runs any
# target, `... migrate latest` the migrations. Build with
#   docker build -t streamhub .
# The `dev` stage is what the Tilt dev loop builds (see docs/kubernetes-dev.md).

# Debian slim rather than distroless: the two native addons (bcrypt's prebuilt
# glibc binary and @temporalio/core-bridge's Rust library) need glibc and
# libstdc++, which slim is known to carry, and a shell in the image is what
# Tilt's live update and `kubectl exec` debugging rely on.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
# Every target listens inside a pod, not on loopback as it does on a laptop.
ENV HTTP_HOST=0.0.0.0 \
    GRPC_HOST=0.0.0.0

# All dependencies, exactly as the lockfile pins them. Install scripts stay off,
# as package.json's allowScripts says: bcrypt and @temporalio/core-bridge ship
# prebuilt linux binaries in their packages, so nothing needs compiling.
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund

# TypeScript -> dist/, then the prebuilt Temporal workflow bundle. The dev
# loop's helpers (tilt/tiltfile/image) compile along; the release leaves them out.
# Not `npm run build`: that also builds the @streamhub/client workspace
# (packages/client), which the image neither copies nor needs. Tests and their
# helpers (testing/, *-harness.ts, *-fixtures.ts) stay out of the compile: they
# import tilt/local, charts and @streamhub/client, which are not in the build
# context, and none ships in the image.
FROM deps AS build
COPY tsconfig.json ./
COPY proto/gen ./proto/gen
COPY migrations ./migrations
COPY workflows ./workflows
COPY services ./services
COPY tilt/tiltfile/image ./tilt/tiltfile/image
RUN printf '%s' '{"extends": "./tsconfig.json", "exclude": ["node_modules", "dist", "**/*.test.ts", "**/testing/**", "**/*-harness.ts", "**/*-fixtures.ts"]}' > tsconfig.image.json \
 && npx tsc -p tsconfig.image.json \
 && node dist/workflows/build-bundle.js \
 && find dist -name '*.test.js' -delete -o -name '*.test.js.map' -delete

# Runtime dependencies only: prune the dev tools from the same install, so the
# native binaries are the ones the lockfile resolved.
FROM deps AS runtime-deps
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# The Tilt dev loop: the build stage (dev dependencies included) with a
# writable source tree. Live update syncs changed sources here, transpiles
# them with swc (tilt/tiltfile/image/transpile.ts) and the entrypoint restarts
# node. The transpile runs once here so the image already holds what live
# updates will produce; the workflow bundle is removed so the worker bundles
# from dist/ on every start and never runs stale workflow code.
FROM build AS dev
# swc (live update's transpile step) loads its native addon through a cache it
# must own, with no other-writable parent: the app user has no home and /tmp
# is an emptyDir without the sticky bit, so swc refused both ("ERR_SWC_NATIVE_CACHE").
ENV SWC_NATIVE_BINDING_CACHE=/app/.swc-cache
RUN cp tilt/tiltfile/image/dev-entrypoint.sh /usr/local/bin/streamhub-dev \
 && chmod 0755 /usr/local/bin/streamhub-dev \
 && install -d -m 0700 "$SWC_NATIVE_BINDING_CACHE" \
 && node dist/tilt/tiltfile/image/transpile.js \
 && rm -f dist/workflows/workflow-bundle.js \
 && chown -R 10001:10001 dist services workflows migrations proto "$SWC_NATIVE_BINDING_CACHE"
USER 10001:10001
EXPOSE 8080 9090
ENTRYPOINT ["streamhub-dev"]

# The release image (the default target): compiled code and runtime
# dependencies, owned by root and read-only to the non-root user that runs them.
FROM base AS release
ENV NODE_ENV=production
COPY package.json ./
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist/services ./dist/services
COPY --from=build /app/dist/workflows ./dist/workflows
COPY --from=build /app/dist/migrations ./dist/migrations
COPY --from=build /app/dist/proto ./dist/proto
USER 10001:10001
EXPOSE 8080 9090
ENTRYPOINT ["node", "dist/services/main.js"]
