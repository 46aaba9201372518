"""The Telegram face: handlers, keyboards and replies over the shared service layer."""
