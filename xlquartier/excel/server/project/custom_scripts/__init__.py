"""xlwings Server loads the buttons (scripts) from here: xlquartier's, computed in its processes."""

from xlquartier.excel.server.served import SCRIPTS

globals().update(SCRIPTS)
