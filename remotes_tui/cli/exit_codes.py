"""Exit codes of the headless commands, the same for every `remotes-tui remote ...` so scripts can branch on them.

0 done; 1 the server refused or failed (or the keyring did); 2 the command line or its input is wrong (usage,
a bad value, a missing token or server, an import file that cannot be read, an export path that cannot be
written); 3 what was named does not exist (a remote
ID, an org); 4 `remote import` left conflicts as they were (the file and the server disagree; use --update);
130 interrupted.
"""

from __future__ import annotations

OK = 0
FAILED = 1
USAGE = 2
NOT_FOUND = 3
CONFLICTS = 4
INTERRUPTED = 130

HELP = """\
exit codes:
  0    done
  1    the server refused or failed (the message says why), or the OS keyring did
  2    usage: a wrong flag or value, no server, org or token, a file that cannot be read or written
  3    not found: no remote with that ID, or no such org
  4    remote import: conflicts were left as they are (use --update to change them)
  130  interrupted"""
