"""Modal dialogs: the remote create/edit form, the delete dialog and a generic yes/no confirmation."""
