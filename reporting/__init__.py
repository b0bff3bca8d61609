"""Reporting: results -> view model -> JSON, Markdown, CSV and HTML (Jinja2 templates)."""
