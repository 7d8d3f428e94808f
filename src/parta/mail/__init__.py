"""Outgoing mail: an outbox written in the request's transaction, sent after commit."""
