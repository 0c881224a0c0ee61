"""接诉即办 — residents' demands from intake to rating, under deadlines.

models (taxonomy, rules, demand, timeline, whistle calls, marks, notifications), workflow
(the state machine), services (every write), selectors (every read, scoped), routing,
deadlines, duplicates, sweep (overdue marks and escalation), rates (the three rates and the
ranking), topics (topic of the month), hotline (the 12345 import), demo (demo data).
"""
