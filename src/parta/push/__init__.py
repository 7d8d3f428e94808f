"""Web Push: notifications on people's devices while the app is closed (RFC 8030, 8291, 8292)."""
