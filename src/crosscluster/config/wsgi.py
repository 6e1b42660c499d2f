"""WSGI entry point (gunicorn's ``crosscluster.config.wsgi``, and ``crosscluster serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crosscluster.config.settings")
application = get_wsgi_application()


def _warm_up_openapi() -> None:
    """Build (or read from the shared cache) the API's schema in the background, so the first
    request for /api/v1/openapi.json does not wait for it (core.openapi_cache)."""
    from crosscluster.config.api import api
    from crosscluster.core import openapi_cache

    # without a path prefix: it is found by reversing the schema's URL, which also fills the
    # URL resolver's tables (the rest of a first request's second)
    openapi_cache.warm_up_in_background(api.get_openapi_schema)


_warm_up_openapi()
