"""The fleet's dialogs: the remote URLs with how many servers point at each, and the token rotation."""
