# Prometo: one image for every process type (serve, worker, migrate).
#   docker build -t prometo .
#   docker run --env-file prometo.env -p 3000:3000 prometo              # web (chases too)
#   docker run --env-file prometo.env prometo prometo migrate            # at release
#   docker run --env-file prometo.env prometo prometo worker             # chasing only
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=3000

WORKDIR /app
COPY pyproject.toml README.md app.py ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN pip install '.[postgres]' \
    && useradd --create-home --uid 10001 prometo

USER prometo
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['PORT'] + '/healthz', timeout=4)"
CMD ["prometo", "serve"]
