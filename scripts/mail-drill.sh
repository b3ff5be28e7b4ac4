#!/usr/bin/env bash
# Mail through a real SMTP server: aiosmtpd (PyPI) on loopback, requiring STARTTLS and AUTH, with
# the test certificate in Tests/Fixtures/smtp. A sign-up on a running Amity must arrive there as a
# confirmation mail whose link confirms the address.
#   scripts/mail-drill.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import aiosmtpd" 2>/dev/null || python3 -m pip install -q aiosmtpd >/dev/null 2>&1 \
  || python3 -m pip install -q --break-system-packages aiosmtpd >/dev/null
swift build --product amity >/dev/null 2>&1
BIN=$(swift build --show-bin-path)/amity
WORK=$(mktemp -d /tmp/amity-mail.XXXXXX)
SMTP_PORT=${AMITY_MAIL_DRILL_SMTP_PORT:-18025}
PORT=${AMITY_MAIL_DRILL_PORT:-18094}
cleanup() { kill "${AMITY:-0}" "${SMTPD:-0}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
python3 - "$SMTP_PORT" "$WORK/inbox" <<'PY' &
import asyncio, os, ssl, sys, time, warnings
warnings.filterwarnings("ignore")
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
port, inbox = int(sys.argv[1]), sys.argv[2]
os.makedirs(inbox, exist_ok=True)
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain("Tests/Fixtures/smtp/server.pem", "Tests/Fixtures/smtp/server.key")
def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"amity" and auth_data.password == b"drill secret"
    return AuthResult(success=ok)
class Inbox:
    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(inbox, f"{time.time_ns()}.eml")
        with open(name, "wb") as f:
            f.write(f"X-Envelope-From: {envelope.mail_from}\r\nX-Envelope-To: {','.join(envelope.rcpt_tos)}\r\n".encode() + envelope.original_content)
        return "250 stored"
controller = Controller(Inbox(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                        authenticator=authenticator, auth_require_tls=True, auth_exclude_mechanism=["CRAM-MD5"])
controller.start()
print("aiosmtpd listening", flush=True)
try:
    asyncio.new_event_loop().run_forever()
finally:
    controller.stop()
PY
SMTPD=$!
AMITY_SECURE_COOKIES=0 AMITY_SMTP_URL="smtp://amity:drill%20secret@localhost:$SMTP_PORT" AMITY_SMTP_CA=Tests/Fixtures/smtp/ca.pem \
AMITY_PUBLIC_URL="http://127.0.0.1:$PORT" AMITY_GAZETTEER=Tests/Fixtures/gazetteer-sample.tsv AMITY_SIGNING_KEY="$WORK/key" \
  "$BIN" serve --env production --database "$WORK/amity.sqlite" --port "$PORT" >"$WORK/serve.log" 2>&1 &
AMITY=$!
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
python3 - "$PORT" "$WORK/inbox" "$WORK/amity.sqlite" <<'PY'
import email, sqlite3, email.policy, glob, http.cookiejar, re, sys, time, urllib.parse, urllib.request
port, inbox, database = sys.argv[1], sys.argv[2], sys.argv[3]
base = f"http://127.0.0.1:{port}"
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
page = opener.open(base + "/sign-up").read().decode()
csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
address = "drill.officer@rockville.example"
form = urllib.parse.urlencode({"csrf": csrf, "email": address, "displayName": "Drill officer", "password": "Montgomery-County-2020"}).encode()
opener.open(base + "/sign-up", data=form).read()
for _ in range(150):
    files = glob.glob(inbox + "/*.eml")
    if files: break
    time.sleep(0.2)
else:
    sys.exit("mail: FAILED, nothing arrived at the SMTP server")
message = email.message_from_bytes(open(files[0], "rb").read(), policy=email.policy.default)
body = message.get_content()
assert message["X-Envelope-To"] == address and message["To"] == address, message["To"]
link = re.search(r"(http://127\.0\.0\.1:\d+/confirm-address\?token=[A-Za-z0-9_\-]+)", body)
assert link, body
page = opener.open(link.group(1)).read().decode()
token = urllib.parse.parse_qs(urllib.parse.urlparse(link.group(1)).query)["token"][0]
csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
opener.open(base + "/confirm-address", data=urllib.parse.urlencode({"csrf": csrf, "token": token}).encode()).read()
confirmed = sqlite3.connect(database).execute("SELECT email_confirmed_at FROM people WHERE email = ?", (address,)).fetchone()
assert confirmed and confirmed[0], "the link did not confirm the address"
print(f"arrived: {message['Subject']!r} for {message['To']}, sender {message['From']}")
print("mail: passed")
PY
