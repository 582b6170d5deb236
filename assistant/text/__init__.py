"""Text on the ground floor: how each network measures a post, threads of parts, and lookalike
folding. Nothing here knows tickets, drafts or networks' clients."""
