"""The xlwings layer: worksheet functions (``functions``) and scripts (``scripts``) for Excel.

The only part of xlquartier that imports xlwings. The same two modules serve every route:
the desktop add-in (``desktop``), xlwings Lite (``lite``) and xlwings Server (``server``).
"""
