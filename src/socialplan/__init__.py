"""socialplan: plan the adoption of an internal social network."""

__version__ = "0.1.0"
