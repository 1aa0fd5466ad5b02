"""xlwings Server loads the worksheet functions from here: xlquartier's, computed in its processes."""

from xlquartier.excel.server.served import FUNCTIONS

globals().update(FUNCTIONS)
