"""Run every benchmark: `python -m bench` (or `make bench`)."""

from bench import import_and_segment

import_and_segment.main()
