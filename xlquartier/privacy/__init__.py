"""Privacy duties of a tool that holds personal data: retention, access (Art. 15) and erasure (Art. 17)."""
