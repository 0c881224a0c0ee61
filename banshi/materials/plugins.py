"""What materials brings to the registries (scope rules, audited models, figures, tiles, menu)."""


def register() -> None:
    pass
