"""English as written in Europe (as Django's ``en_GB``, with 24-hour times): day first,
"20/11/2026" short and "20 November 2026" long, weeks from Monday. Django's ``en`` writes US
dates (11/20/2026, "Nov. 20, 2026", "2:30 p.m."), which no partner writes. Numbers stay
English: "1,234.5"."""

# The *_FORMAT strings use Django's date format characters.
DATE_FORMAT = "j F Y"  # 20 November 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y, H:i"  # 20 November 2026, 14:30
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j F"  # 20 November
SHORT_DATE_FORMAT = "d/m/Y"  # 20/11/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 20/11/2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday

# The *_INPUT_FORMATS strings use Python's strftime syntax: ISO (what date pickers send), then
# day first as written above.
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-11-20
    "%d/%m/%Y",  # 20/11/2026
    "%d/%m/%y",  # 20/11/26
    "%d %B %Y",  # 20 November 2026
    "%d %b %Y",  # 20 Nov 2026
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # 2026-11-20 14:30:59
    "%Y-%m-%d %H:%M:%S.%f",  # 2026-11-20 14:30:59.000200
    "%Y-%m-%d %H:%M",  # 2026-11-20 14:30
    "%d/%m/%Y %H:%M:%S",  # 20/11/2026 14:30:59
    "%d/%m/%Y %H:%M:%S.%f",  # 20/11/2026 14:30:59.000200
    "%d/%m/%Y %H:%M",  # 20/11/2026 14:30
    "%d/%m/%y %H:%M:%S",  # 20/11/26 14:30:59
    "%d/%m/%y %H:%M",  # 20/11/26 14:30
]
TIME_INPUT_FORMATS = [
    "%H:%M:%S",  # 14:30:59
    "%H:%M:%S.%f",  # 14:30:59.000200
    "%H:%M",  # 14:30
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
