"""Run every benchmark: `python -m bench` (or `make bench`).

The value-model benchmarks build a throwaway virtual environment with lifetimes 0.11.3 under
bench/out/ on first use (it needs the package registry once)."""

from bench import (
    analysis_speed,
    bot_latency,
    holdout_quality,
    hostile_memory,
    import_and_segment,
    ingest_shopify,
    load,
    next_basket,
    questions,
    recommend_hit_rate,
    recommend_speed,
    rolling_origin,
    segment_words,
    sentiment_throughput,
    sentiment_zh,
    two_sources,
    value_models,
)

import_and_segment.main()
analysis_speed.main()
bot_latency.main()
ingest_shopify.main()
value_models.main()
holdout_quality.main()
hostile_memory.main()
rolling_origin.main()
sentiment_throughput.main()
sentiment_zh.main()
recommend_hit_rate.main()
recommend_speed.main()
next_basket.main()
segment_words.main()
two_sources.main()
load.main()
questions.main()
