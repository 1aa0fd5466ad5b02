"""The network at a glance: indicators, the annual report, the network map and the calendar."""
