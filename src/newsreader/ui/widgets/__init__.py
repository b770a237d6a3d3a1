"""The reader's widgets: the article list, the article view and the side panels."""
