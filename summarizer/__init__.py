"""summarizer: trustworthy digests and cited answers over Chinese newspaper pages."""

__version__ = "0.1.0"
