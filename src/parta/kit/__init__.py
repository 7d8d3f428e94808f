"""Small shared building blocks: errors, clock, ids, request helpers."""
