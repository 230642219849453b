"""The officers' pace in the rush, shared by the locust users (rush_locust.py)
and the report (rush_report.py)."""

PAGE_PAUSE = (5.0, 10.0)  # reading a page, choosing the next (national.md: 5-10 s)
TYPING_PAUSE = (15.0, 30.0)  # typing six figures into the grid
RESEND_EVERY = 5  # one send in five is posted twice with the same token
