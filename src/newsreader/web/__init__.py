"""News coming in: pages and feeds fetched on request, stored as files of the library."""
