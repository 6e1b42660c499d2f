"""Partner regions: their S3 priorities, indicators and the guidelines aligning them with the JIS."""
