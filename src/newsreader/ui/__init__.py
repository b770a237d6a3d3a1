"""The Textual user interface: a layer on top of the core (which never imports it)."""
