"""Pure view functions per page: query frames in, Dash components and figures out."""
