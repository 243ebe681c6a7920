"""Names that come from students (ids, file names) are data: checked before use, escaped before display.

* :data:`STUDENT_ID` is the one rule for a student id, whatever brought it (an LMS zip, nbgrader's exchange,
  a folder in ``submitted/``, ``--student``): a letter or digit, then up to 63 letters, digits, ``.``, ``_``,
  ``@`` or ``-``. So no id is ``..``, holds ``/``, or is a glob (``*``, ``?``, ``[``) that nbgrader would expand.
* :func:`printable` escapes control characters (escape sequences, OSC 52, carriage returns) so a name printed
  to the instructor's terminal or written to a log is shown, never obeyed.
"""

import re
import unicodedata

__all__ = ["STUDENT_ID", "valid_student_id", "printable"]

STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


def valid_student_id(name):
    """True for a plain student id (see :data:`STUDENT_ID`)."""
    return isinstance(name, str) and STUDENT_ID.fullmatch(name) is not None


def printable(text):
    """``text`` with every control or format character (C0, DEL, C1, bidi overrides) as a ``\\x..`` escape."""
    return "".join(ch if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn") or ch == " "
                   else (f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}")
                   for ch in str(text))
