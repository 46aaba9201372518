"""The service layer: each function runs one job for one chat, start to finish.

Functions take the database path, not a connection, and return plain data, so the bot can run
them in a worker process or thread and the command line can call them directly. Every read
and write names the chat, which is how one chat never sees another's data.

    records          open the database for a job (storage errors in words); rows <-> DataFrames
    history          import an upload, list and undo uploads, forget a chat
    review_scores    sentiment of many reviews, spread over the cores
    analyses         analyse a chat; read segments, churn, value, sentiment, baskets, recommendations
    files            analyse export files without a chat or a database (`shoppulse analyze`)
    digests          build the weekly digest; its schedule and send log
    digest_delivery  claim the week, build, send through the face's `send`, record or release
    jobs             where a call runs: a thread (light) or a worker process (heavy), by one rule
    workers          the capped worker processes heavy jobs run in
    languages        which language a chat is answered in
    questions        answer a question in words from the metric catalogue
"""

from bot.service.analyses import (
    AT_RISK_FROM,
    CUSTOMER_CHOICES,
    HORIZON_RANGE,
    NO_ANALYSIS,
    analyse_chat,
    at_risk,
    basket_rules,
    change_horizon,
    current_summary,
    customer_card,
    customer_matches,
    export_at_risk,
    export_digest_list,
    export_segment,
    find_segment,
    latest_summary,
    most_valuable,
    recommendations,
    segments_picture,
    sentiment_view,
    set_horizon,
    unhappy_valuable_customers,
    value_picture,
)
from bot.service.digest_delivery import Delivery, MaybeDelivered, RecipientGone, deliver_digest
from bot.service.digests import (
    DigestContent,
    active_digest_schedules,
    build_digest,
    claim_digest_week,
    digest_schedule,
    digest_week_claimed,
    ensure_digest_schedule,
    pause_digest,
    record_digest_sent,
    release_digest_week,
    set_digest_schedule,
)
from bot.service.history import (
    ImportReport,
    analyse_what_remains,
    chat_stats,
    forget_chat,
    forget_mappings,
    forget_question,
    import_upload,
    undo_upload,
    uploads,
)
from bot.service.languages import chat_language, pick_language, remember_language
from bot.service.questions import (
    Asked,
    answer_chosen,
    ask_question,
    chat_timezone,
    cohorts_view,
    customers_file,
    list_standing,
    query_form,
    remove_standing,
    standing_answers,
)
from bot.service.records import load_items, load_orders, load_reviews

__all__ = [
    "Asked", "answer_chosen", "ask_question", "chat_timezone", "cohorts_view", "customers_file", "list_standing", "query_form", "remove_standing",
    "standing_answers",
    "AT_RISK_FROM", "Delivery", "MaybeDelivered", "RecipientGone", "deliver_digest", "CUSTOMER_CHOICES", "HORIZON_RANGE", "NO_ANALYSIS", "DigestContent", "ImportReport", "active_digest_schedules",
    "analyse_chat", "analyse_what_remains", "at_risk", "change_horizon", "chat_language", "pick_language", "remember_language", "basket_rules", "build_digest", "chat_stats", "claim_digest_week", "current_summary", "customer_card", "customer_matches",
    "digest_schedule", "digest_week_claimed", "ensure_digest_schedule", "export_at_risk", "export_digest_list", "export_segment",
    "find_segment", "forget_chat", "forget_question", "import_upload", "latest_summary", "load_items", "load_orders", "load_reviews",
    "most_valuable", "pause_digest", "recommendations", "record_digest_sent", "release_digest_week",
    "forget_mappings", "segments_picture", "sentiment_view", "set_digest_schedule", "set_horizon", "undo_upload",
    "unhappy_valuable_customers", "uploads", "value_picture",
]
