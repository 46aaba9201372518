"""The words the bot sends, one module per topic: short, phone-first, HTML-escaped wherever data goes in.

Pure functions from data to text, so every reply can be tested without Telegram (tests/bot/test_replies.py).
Handlers import what they send from the topic module; nothing is re-exported here.

    phrases    pieces every topic uses: amounts, dates, a customer's name, the words for churn risk
    help       /start, /help, the refusal, and answers to messages the bot does not expect
    uploads    what an upload held and changed, and each step of reading it
    history    /stats, /uploads, /undo, /forget
    segments   /segments, /export and how segments are worked out
    forecasts  /churn, /value, /customer, /horizon and how their figures are worked out
    insights   /sentiment, /basket, /recommend
    digest     the weekly digest and /schedule
"""
