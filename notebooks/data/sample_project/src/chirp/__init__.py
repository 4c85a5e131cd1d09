"""chirp: classify bird species from short field recordings."""

__version__ = "0.1.0"
