"""Comparing two snapshots of a versioned document section by section, item by item and word by
word (pure Python, no Django); the JIS versions use it. See docs/engines/versions.md."""
