"""The engine of the Micro-Entrepreneur Guide: content, calculators, compiler, MkDocs plugin."""

__version__ = "0.1.0"
