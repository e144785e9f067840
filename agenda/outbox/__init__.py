"""The mail outbox, below every area: a mail is a row queued in the transaction of the change it announces
(`services.enqueue`), rendered from templates/mail/ (`mail.render_mail`), sent after commit by the worker
(`services.send_due`), with address health (`addresses`, `health`). It imports no area; areas import it."""
