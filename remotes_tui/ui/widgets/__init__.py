"""Reusable widgets for the main screen."""
