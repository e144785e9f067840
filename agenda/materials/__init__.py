"""Materials per session or event: uploaded files kept in the database (every host sees them) and links
(recordings on YouTube, Facebook or Vimeo; slides online), each public, for registrants or for attendees."""
