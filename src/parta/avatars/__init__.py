"""Profile pictures of people and chats: uploaded images re-encoded to a small square."""
