"""Actors: every mention in an article resolved to one real-world actor with country, sector, roles."""
