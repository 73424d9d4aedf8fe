"""The longest text each kind of field holds, in characters.

The models declare String(n) with these numbers and the forms Length(max=n), so a text
that is too long is a message on its field (and, behind the forms, a Spanish refusal from
red/services/text_limits.py), never a database error. Demo and existing data fit them.
"""

NAME = 120  # a person's given names or surnames; a catalog entry's name
TITLE = 200  # the name of an organisation, program, event, venture, body or place
EMAIL = 254  # the longest address SMTP allows
PHONE = 40  # a phone number as people write it (extensions, several numbers)
ADDRESS = 300  # a street address or a web address
PASSWORD = 200  # more is not safer, only slower to hash
NOTE = 2000  # a service's outcome, notes, an offer, evidence, a catalog's description
DESCRIPTION = 4000  # descriptions, a need, a reason, a request and its answer, an agenda
LONG_DESCRIPTION = 8000  # a program's or an event's full description
MINUTES = 20000  # the acta of a meeting
