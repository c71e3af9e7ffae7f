"""A real SMTP server for the tests (aiosmtpd). Each message received is written as
<dir>/<n>.json with its envelope, headers and decoded text and HTML parts, and as <n>.eml.
Prints "READY <port>" once it accepts connections. Usage: smtp_sink.py DIR [PORT]
With SMTP_SINK_REJECT=addr[,addr…] it answers RCPT TO for those addresses with a permanent
550, as a real server does for a mailbox that does not exist (the message still goes to the
other recipients).
With SMTP_SINK_HOLD=1 it holds each DATA phase open (before answering) until the file
<dir>/release exists, and marks that it holds one by creating <dir>/holding: a slow server, for
the tests of a send in flight.
With SMTP_SINK_FAULT=data451 it answers every DATA with a transient 451; with
SMTP_SINK_FAULT=drop_after_rcpt it closes the connection after each RCPT TO."""
import asyncio
import email
import email.policy
import json
import os
import socket
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, reject, hold=False, fault=""):
        self.directory = directory
        self.count = 0
        self.reject = reject
        self.hold = hold
        self.fault = fault

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        if self.fault == "drop_after_rcpt":
            server.transport.close()
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fault == "data451":
            return "451 4.3.0 Temporary failure, try again later"
        if self.hold:
            open(os.path.join(self.directory, "holding"), "w").close()
            while not os.path.exists(os.path.join(self.directory, "release")):
                await asyncio.sleep(0.01)
        self.count += 1
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        text = msg.get_body(preferencelist=("plain",))
        html = msg.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["From"] or ""),
            "to": str(msg["To"] or ""),
            "reply_to": str(msg["Reply-To"] or ""),
            "subject": str(msg["Subject"] or ""),
            "text": text.get_content() if text is not None else "",
            "html": html.get_content() if html is not None else "",
        }
        base = os.path.join(self.directory, f"{os.getpid()}-{self.count:06d}")
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        tmp = base + ".json.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.replace(tmp, base + ".json")  # readers never see half a message
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    directory = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else free_port()
    os.makedirs(directory, exist_ok=True)
    reject = {a.strip().lower() for a in os.environ.get("SMTP_SINK_REJECT", "").split(",") if a.strip()}
    hold = os.environ.get("SMTP_SINK_HOLD") == "1"
    fault = os.environ.get("SMTP_SINK_FAULT", "")
    controller = Controller(Sink(directory, reject, hold, fault), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"READY {port}", flush=True)
    try:
        sys.stdin.read()  # runs until the parent closes stdin or kills it
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
