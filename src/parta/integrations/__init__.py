"""Integrations with school systems: the gradebook links, bots with scoped API tokens,
incoming webhooks that post into a chat, and signed outgoing webhooks for chat events."""
