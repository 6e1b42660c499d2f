"""The collaboration network: ties classified against a partnership, brokers, communities, and
partner suggestions by link prediction. Pure Python (networkx, scipy); see docs/engines/network.md."""
