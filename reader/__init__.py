"""feedlens: a keyboard-driven terminal feed reader that lines up the figures articles report."""

__version__ = "0.1.0"
