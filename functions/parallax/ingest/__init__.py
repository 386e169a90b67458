"""Feed polling and the outlet catalogue (filled in by the related-coverage work)."""
