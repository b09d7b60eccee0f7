"""Pranata pages, one module per area: the lembaga registry, kerjasama ties, network reports."""
