"""Article pages shared by tests and benchmarks (one copy, so they cannot drift apart)."""

from __future__ import annotations

__all__ = ["KESTREL_BAY_ARTICLE"]

KESTREL_BAY_ARTICLE = (
    "<html lang='en'><head><title>Kestrel Bay votes for a tidal barrier</title></head><body>"
    "<article><h1>Kestrel Bay votes for a tidal barrier</h1>"
    "<p>The Kestrel Bay council voted on Monday to build a tidal barrier across the harbour "
    "mouth, after two winters of flooding in the old town. The vote was 31 to 12.</p>"
    "<p>The barrier will cost 240 million euros and should be finished in 2030, the mayor said. "
    "Fishermen warned that the works would close the harbour for a season.</p>"
    "<p>The opposition called the plan too expensive and promised to challenge it in court, "
    "while residents of the flooded streets welcomed the decision.</p></article></body></html>"
)
"""A three-paragraph news page about a town's tidal barrier vote, whose story the feed
fixtures of the ingest and related tests report again."""
