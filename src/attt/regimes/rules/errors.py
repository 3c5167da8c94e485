"""Errors raised by the pure rules package. Messages name the offending path in the data."""


class RegimeError(ValueError):
    """Malformed regime or calendar data. The message starts with the path of the bad value."""

    def __init__(self, path: str, message: str):
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class FactError(ValueError):
    """A questionnaire answer that does not fit the regime's fact schema."""


class CalendarRangeError(ValueError):
    """A working-day computation reached a year the holiday data does not cover."""
