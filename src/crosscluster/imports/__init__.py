"""Data coming in from files: organisation lists (CSV, XLSX) and CORDIS organisation exports,
checked and previewed in the background, then imported all or nothing (docs/imports.md)."""
