# ncc-bot: a slim image running `ncc-bot run` as a non-root user.
# Config and data are volumes; secrets come from the environment (NCC_BOT_PASSWORD / NCC_BOT_ACCESS_TOKEN).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NCC_BOT_DATA_DIR=/data NCC_BOT_CONFIG=/config/config.yaml

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY bot ./bot
COPY handlers ./handlers
COPY migrations ./migrations
COPY knowledge ./knowledge
COPY config.yaml /config/config.yaml
# A regular install: the wheel carries the migrations and the shipped knowledge base (./dev wheel-test proves it).
RUN pip install ".[postgres]" \
    && useradd --system --uid 10001 --home-dir /data ncc \
    && mkdir -p /data && chown ncc /data

USER ncc
VOLUME ["/data"]
ENTRYPOINT ["ncc-bot"]
CMD ["run"]
