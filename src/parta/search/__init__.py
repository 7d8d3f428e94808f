"""Full-text search over the messages of the chats a person can read."""
