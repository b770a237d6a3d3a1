"""The app's screens: the reader (list, article, panels) and its dialogs."""
