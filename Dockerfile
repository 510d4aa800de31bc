# ncc-bot production image. Multi-stage: the first stage builds the wheel and installs it into a venv; the final
# stage gets that venv only (no sources, no compilers, no pip cache), runs as a fixed non-root uid, and needs
# nothing writable but /data:
#   podman|docker run --read-only --cap-drop=ALL --tmpfs /tmp -v ncc-data:/data \
#     -v ./config.yaml:/config/config.yaml:ro -e NCC_BOT_PASSWORD_FILE=... ncc-bot
# BASE is any Debian-like image with python3 (>= 3.11) and its venv module: the official slim image by default;
# CI builds on a debootstrapped Debian bookworm (python3, python3-venv), since no registry is reachable there.
ARG BASE=docker.io/library/python:3.11-slim

FROM ${BASE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY migrations ./migrations
COPY knowledge ./knowledge
RUN python3 -m venv /opt/ncc-bot \
    && /opt/ncc-bot/bin/pip install --quiet --upgrade pip \
    && /opt/ncc-bot/bin/pip wheel --quiet --no-deps --wheel-dir /tmp/dist . \
    && /opt/ncc-bot/bin/pip install --quiet "$(ls /tmp/dist/ncc_bot-*.whl)[postgres,charts]" \
    && /opt/ncc-bot/bin/pip uninstall --quiet --yes pip \
    && find /opt/ncc-bot -name __pycache__ -prune -exec rm -rf {} + \
    && /opt/ncc-bot/bin/python -m compileall -q /opt/ncc-bot/lib

FROM ${BASE}
LABEL org.opencontainers.image.title="ncc-bot" \
      org.opencontainers.image.description="Matrix bot for the National Competence Centres for Social Innovation" \
      org.opencontainers.image.licenses="EUPL-1.2"
ENV PATH=/opt/ncc-bot/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    NCC_BOT_CONFIG=/config/config.yaml NCC_BOT_DATA_DIR=/data NCC_BOT_METRICS_LISTEN=0.0.0.0:9109 \
    MPLCONFIGDIR=/tmp/matplotlib
# Root-owned and not writable by the bot's user: code and config cannot be changed from inside.
COPY --from=build /opt/ncc-bot /opt/ncc-bot
COPY config.yaml /config/config.yaml
RUN (getent group ncc >/dev/null || groupadd --system --gid 10001 ncc) \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin ncc \
    && mkdir -p /data && chown 10001:10001 /data && chmod 0700 /data
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 9109
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["ncc-bot", "healthcheck"]
ENTRYPOINT ["ncc-bot"]
CMD ["run"]
