"""Non-public enterprises and their party coverage; rider service stations (红蜂驿站)."""
