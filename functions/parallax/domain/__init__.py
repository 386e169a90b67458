"""Pure logic: models, the brief pipeline, extraction, summarisers. No SDKs, no environment."""
