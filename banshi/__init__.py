"""Banshi (办实事): party-building-led grassroots governance."""
