"""A test-only feature, written as a third party would: its own package, config section, service, custom event
type, command, job, privacy hooks and migration folder, and not one line changed in bot/ for it.

Members thank each other with a custom event `org.ncc.kudos` ({"to": "@user:server", "for": "why"});
`!kudos` shows the room's board; `!kudos digest <minutes>` posts the board later through the scheduler.
"""
