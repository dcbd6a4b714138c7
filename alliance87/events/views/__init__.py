"""The event pages, one module per subject; each module lists its own URL patterns in ``urls``."""
