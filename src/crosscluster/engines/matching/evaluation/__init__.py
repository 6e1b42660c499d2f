"""Evaluation of the matching engine and the auto-tagger on the EDIH hubs (see the docs)."""
