"""REST endpoints of the regions app.

No ``from __future__ import annotations`` here: ninja reads the schemas' types at run time.
"""

from ninja import Router

router = Router(tags=["regions"])
