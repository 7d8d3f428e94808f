"""Realtime delivery: the event log (log.py), the bus between nodes (bus.py), the node's
sockets (hub.py, writing frames through wire.py) and the WebSocket endpoint (gateway.py)."""
