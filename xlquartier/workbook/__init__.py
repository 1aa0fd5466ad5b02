"""Build the standard workbook, read workbooks into typed tables, write results back."""
