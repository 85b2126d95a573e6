"""remotes-tui: a terminal UI for InfluxDB OSS v2 remote connections and replications."""

__version__ = "0.1.0"
