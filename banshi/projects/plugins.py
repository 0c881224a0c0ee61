"""What projects brings to the registries (scope rules, audited models, figures, menu, tiles)."""


def register() -> None:
    pass
