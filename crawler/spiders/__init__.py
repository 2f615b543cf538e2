"""Spiders of the claims-tracker crawler."""
