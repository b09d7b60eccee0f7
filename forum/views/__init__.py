"""Forum pages, one module per area: forums and members, meetings, joint programmes, activity reports."""
