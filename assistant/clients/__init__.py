"""Each network's client: how it is built from the settings, with the timeouts its library never
sets, and its raw calls. A network's source (reading) and its publisher (writing) both use it."""
