"""xlwings Server's authentication providers of this project (``XLWINGS_AUTH_PROVIDERS``)."""
