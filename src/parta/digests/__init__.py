"""E-mail digests for people who rarely open the app (opt-in, daily or weekly)."""
