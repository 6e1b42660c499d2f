"""The marketplace API's router and the error answers its writes document."""

from ninja import Router

from crosscluster.core.api import ErrorOut

router = Router(tags=["marketplace"])

WRITE_ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
