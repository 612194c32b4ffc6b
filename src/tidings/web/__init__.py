"""Explore a tidings database in the browser: a read-only JSON API and server-rendered pages."""

from tidings.web.app import create_app, serve

__all__ = ["create_app", "serve"]
