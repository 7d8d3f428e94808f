"""Personal data: consents, data archives, erasure and retention (issue 8)."""
