# syntax=docker/dockerfile:1.7
# One image per service: docker build --build-arg SERVICE=auction --build-arg AGORA_VERSION=0.1.0 -t agora/auction .
# deps: the workspace's locked dependencies (the build needs @swc/core and tsx).
# build: tools/build/build-apps.ts compiles the service and the libraries it reaches (and, for the
#        console, the web app npm run build:console bundles) into
#        dist/apps/<service> with a package.json and lock file listing only what that code requires,
#        then installs those production dependencies.
# runtime: that one folder on a small base image, as an unprivileged user.
ARG NODE_IMAGE=node:22-alpine

FROM ${NODE_IMAGE} AS deps
WORKDIR /workspace
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts

FROM deps AS build
ARG SERVICE
RUN test -n "${SERVICE}" || (echo "build with --build-arg SERVICE=<planner|auction|executor|evaluator|memory|console>" >&2; exit 1)
COPY tsconfig.base.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools/build ./tools/build
# The console serves the web app it is shipped with: bundle it first (dist/console-web).
RUN if [ "${SERVICE}" = console ]; then npm run build:console; fi
RUN npx tsx tools/build/build-apps.ts "${SERVICE}"
WORKDIR /workspace/dist/apps/${SERVICE}
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ARG AGORA_VERSION=0.0.0-dev
LABEL org.opencontainers.image.title="agora-${SERVICE}" \
      org.opencontainers.image.version="${AGORA_VERSION}" \
      org.opencontainers.image.source="https://github.com/agora/agora"
ENV NODE_ENV=production \
    AGORA_VERSION=${AGORA_VERSION} \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
# Owned by root and not writable by the service: the root filesystem can be mounted read-only.
COPY --from=build /workspace/dist/apps/${SERVICE} /app
# The image's `node` user, by number so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080
# Liveness only: /health/live touches no dependency, so a Kafka outage does not restart containers.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# package.json's "main" is the service's compiled main.js.
CMD ["node", "/app"]
