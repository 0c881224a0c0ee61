"""The four-level party organization laid over the territory, party members and their
membership history, party member center households, and the structure lint."""
