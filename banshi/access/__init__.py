"""Access that follows the territory: role assignments bound to nodes, the scope every
selector applies, the audit trail, login hardening."""
