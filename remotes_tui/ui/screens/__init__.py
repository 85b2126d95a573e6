"""Full screens: the main remotes browser and the key help."""
