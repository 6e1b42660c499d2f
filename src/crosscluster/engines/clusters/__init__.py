"""Cluster validation criteria: a pure function over frozen dataclasses (no Django, no clock)."""
