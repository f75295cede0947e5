# memesearch image: the CLI and (from issue #3 on) the services. Multi-stage: the build stage has
# compilers and the model tools; the runtime stage only the shared libraries the addons need.
# Not built on the development machines (no Docker engine there): kept in step by review.
FROM node:20-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      libfaiss-dev libopenblas-dev cmake g++ make python3 python3-venv python3-pip \
    && rm -rf /var/lib/apt/lists/*
RUN npm install -g npm@11
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY services/search/package.json services/search/
COPY patches patches
COPY scripts scripts
RUN npm ci --no-audit --no-fund
COPY . .
# Fetches and converts the model at build time so containers start without network.
RUN bash scripts/setup.sh && npm prune --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libopenblas0 libgomp1 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app
ENV NODE_ENV=production GRPC_HOST=0.0.0.0
EXPOSE 50051 9464
ENTRYPOINT ["node", "services/search/bin/memesearch.js"]
CMD ["serve"]
