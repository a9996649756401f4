"""Event analysis: dated events read from documents (and imported from GDELT), merged across
reports, checked against the knowledge base, counted and put on a chronology."""
