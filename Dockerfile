# The ladder bot. Build: docker build -t evo-ladder .   Run: docker run --env-file .env -v evo-data:/data evo-ladder
FROM denoland/deno:2.9.6

WORKDIR /app
ENV DATA_DIR=/data DENO_DIR=/deno-dir

# Dependencies first, so they are cached in a layer of their own.
COPY deno.json deno.lock ./
COPY parser/deno.json parser/deno.json
COPY db/deno.json db/deno.json
COPY bot/deno.json bot/deno.json
RUN deno install --frozen

COPY . .
RUN deno cache --frozen bot/main.ts \
  && mkdir -p /data && chown -R deno:deno /data /deno-dir

USER deno
VOLUME ["/data"]
# /healthz and /metrics when HTTP_PORT=8080 is set.
EXPOSE 8080
CMD ["task", "start"]
