"""The generated monthly report of a region (`banshi report`, `/regions/<code>/report/`):
`compose` builds it from the official figures as sections of text with figure references,
`render` writes it as text, HTML or PDF."""
