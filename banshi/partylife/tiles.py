"""Party-life tiles: a placeholder until P2's module replaces it."""


def register() -> None:
    pass
