"""Shared building blocks: encryption of personal data, masking, validators, middleware."""
