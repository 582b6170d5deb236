"""`make bench` and `make llm-check`: the product's figures, measured from a checkout (not shipped in
the wheel). `python -m bench` prints the table and writes the JSON; see CONTRIBUTING.md."""
