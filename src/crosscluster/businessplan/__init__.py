"""The business plan: resources, costs and financing committed to the strategy roadmap."""
