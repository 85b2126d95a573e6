"""The Textual user interface: screens, widgets and modals."""
