"""S3 guidelines for partner regions (pure Python, no Django): the alignment matrix of JIS
technology domains x regional priorities (``alignment``), the regional R&D indicator with its
NUTS mapping and EU comparison (``indicators``), candidate priorities derived from the EDIH
catalogue (``derivation``) and the recommendation rules (``rules``). See docs/engines/s3.md."""
