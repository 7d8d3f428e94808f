"""Hardening that applies to every request: security headers, CORS, the body size cap."""
