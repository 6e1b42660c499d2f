"""Tests on the whole demo, loaded once for the folder (``conftest.loaded``)."""

import datetime as dt

TODAY = dt.date(2026, 3, 4)  # a Wednesday
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
