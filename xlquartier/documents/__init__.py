"""Word documents from the workbook: minutes, agreements, Letters of Intent, the contact list, invitations.

Templates are ordinary .docx files with docxtpl placeholders, rendered safely (sandboxed,
every value escaped) and fast (each template prepared once per batch).
"""

from .agreements import write_agreements
from .batch import BatchResult
from .common import Notice
from .contacts import write_contacts
from .invitations import run_invitations, write_invitations
from .minutes import write_minutes
from .variables import check_template, check_templates

__all__ = ["BatchResult", "Notice", "check_template", "check_templates", "run_invitations", "write_agreements",
           "write_contacts", "write_invitations", "write_minutes"]
