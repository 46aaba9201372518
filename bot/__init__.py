"""The faces of ShopPulse: the Telegram bot, the `shoppulse` command line, the local Bot API
stand-in, and the service layer they share (import an upload, analyse a chat, export a list)."""
