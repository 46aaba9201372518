"""Pure computation on pandas DataFrames: reading exports, segments, models, charts.

Nothing here knows about Telegram or SQL; every function takes DataFrames (or bytes of an
upload) and returns results, so the same code serves the bot, the command line and the tests.
"""
