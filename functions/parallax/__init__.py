"""Parallax: a neutral, cited summary of a news article and the same story elsewhere."""

__all__ = ["__version__"]

__version__ = "0.1.0"
