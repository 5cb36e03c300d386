"""Views of the coordinators' workspace, one module per area."""
