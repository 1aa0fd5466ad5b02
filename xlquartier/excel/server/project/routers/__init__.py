"""xlwings Server includes ``custom.router``."""
