"""Run every benchmark: `python -m bench` (or `make bench`).

The value-model benchmarks build a throwaway virtual environment with lifetimes 0.11.3 under
bench/out/ on first use (it needs the package registry once). A benchmark whose public data set
is neither in bench/out/ nor downloadable says so and the others still run."""

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
from bench.yardstick import DataUnavailable

for bench in (
    import_and_segment, analysis_speed, bot_latency, ingest_shopify, value_models, holdout_quality,
    hostile_memory, rolling_origin, sentiment_throughput, sentiment_zh, recommend_hit_rate,
    recommend_speed, next_basket, segment_words, two_sources, load, questions,
):
    try:
        bench.main()
    except DataUnavailable as missing:  # the other figures are still worth a run
        print(f"{bench.__name__}: not measured: {missing}")
