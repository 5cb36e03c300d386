# See kehila/formats/__init__.py: one date shape everywhere.
DATE_FORMAT = "j.n.Y"
SHORT_DATE_FORMAT = "j.n.Y"
DATETIME_FORMAT = "j.n.Y H:i"
SHORT_DATETIME_FORMAT = "j.n.Y H:i"
# Django's Arabic times are 12-hour with AM/PM; the program's (and its Hebrew pages') are 24-hour.
TIME_FORMAT = "H:i"
