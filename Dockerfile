# crosscluster: one image for the web processes, the task workers and one-off commands.
# docs/deployment.md describes the production set-up this mirrors. (CI cannot run Docker on its
# machines; the multi-process test in .ci/run checks the same topology without containers.)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    CROSSCLUSTER_VAR_DIR=/var/lib/crosscluster

# Pango for WeasyPrint (PDF), fonts, and PostgreSQL's client tools for `crosscluster backup`.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /home/crosscluster crosscluster \
 && mkdir -p /var/lib/crosscluster && chown crosscluster /var/lib/crosscluster

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install . gunicorn

USER crosscluster
# Static files are collected into the image and served by WhiteNoise from every web process.
RUN CROSSCLUSTER_DEBUG=true crosscluster collectstatic --noinput --verbosity 0
# The scheduler's compiled break search (numba, docs/adr/0006) into the user's cache in the image,
# so no container compiles it (it recompiles once where the processor differs from the build's).
RUN python -c "from crosscluster.engines.scheduling import warm_up_kernel; warm_up_kernel(wait=True)"
VOLUME /var/lib/crosscluster
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["gunicorn", "crosscluster.config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-"]
