"""One module per benchmark; each `run(world, results, size)` adds its figures."""
