"""Adapters to the outside world: the guarded fetcher, stores, providers, model clients."""
