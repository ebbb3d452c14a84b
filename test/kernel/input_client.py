"""input() through jupyter_client, as Notebook's and Lab's servers would relay it.

Runs three cells with allow_stdin and answers each input_request from a list,
then one cell without allow_stdin (as nbconvert sends it). Prints one JSON line:
per cell its reply status, the input_requests it saw, its stdout and its error.
Run with JUPYTER_PATH=<repo>/kernel /usr/bin/python3 input_client.py
"""
import json

from jupyter_client.manager import start_new_kernel

CELLS = [
    ('import { input } from "descent"\nconst a = await input("alpha = ")\nconsole.log(Number(a) * 2)', True),
    ('const pw = await input("secret: ", { password: true })\nconst b = await input()\nconsole.log(JSON.stringify([pw, b]))', True),
    ('console.log("before")\nconst c = await input("c? ")\nconsole.log("after " + c)', True),
    ('await input("nobody? ")', False),
]
ANSWERS = iter(["0.25", "hunter2", "", "three words here"])

def stamp(msg):
    """When the kernel made the message (its header's date, in ms since the epoch): messages on two
    channels reach the client in no fixed order, so order is read from the kernel's clock."""
    d = msg["header"]["date"]
    return d.timestamp() * 1000 if hasattr(d, "timestamp") else d


km, kc = start_new_kernel(kernel_name="descent")
try:
    results = []
    for code, allow in CELLS:
        seen, out, errors, order = [], [], [], []

        def on_input(msg):
            seen.append(msg["content"])
            order.append(["input_request", stamp(msg)])
            kc.input(next(ANSWERS))

        def on_output(msg):
            t = msg["msg_type"]
            if t == "stream":
                out.append(msg["content"]["text"])
                order.append(["stream", stamp(msg)])
            elif t == "error":
                errors.append(msg["content"]["evalue"])

        reply = kc.execute_interactive(code, allow_stdin=allow, stdin_hook=on_input, output_hook=on_output, timeout=120)
        results.append({"status": reply["content"]["status"], "requests": seen, "stdout": "".join(out), "errors": errors, "order": order})
    print(json.dumps(results))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
