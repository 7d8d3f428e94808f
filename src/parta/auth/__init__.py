"""Accounts, sessions, passwords, one-time codes, the Actor dependency and roles."""
