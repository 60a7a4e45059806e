# Many datagrams over concurrent UDP flows, and proof that no flow sees another's replies. Each of FLOWS threads
# has its own connected socket (so only answers from the destination itself are accepted) and sends COUNT
# datagrams "flow F seq S" padded to SIZE bytes, one at a time, each resent up to 5 times if its echo does not come
# within 2 s (UDP may drop; a resend is not a failure). Every echo read must carry this flow's own payload; a late
# echo of an earlier seq is skipped. Prints one line per flow, "flow F ok COUNT peer IP" or "flow F FAILED why",
# and exits 1 on any failure. Usage: udp_flows.py HOST PORT FLOWS COUNT SIZE
import socket, sys, threading
host, port, flows, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
results = {}
def run(f):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.settimeout(2)
    s.connect((host, port))
    peer = None
    for seq in range(count):
        head = ("flow %d seq %d " % (f, seq)).encode()
        payload = head + b"x" * max(0, size - len(head))
        got = False
        for attempt in range(5):
            s.send(payload)
            try:
                while True:
                    data = s.recv(65535)
                    text = data.split(b" ", 1)
                    if len(text) != 2 or not text[0].startswith(b"peer="):
                        results[f] = "FAILED not an echo: %r" % data[:80]
                        return
                    if not text[1].startswith(b"flow %d seq " % f):
                        results[f] = "FAILED cross-talk: got %r" % text[1][:40]
                        return
                    if text[1] == payload:
                        peer = text[0][5:].decode().rsplit(":", 1)[0]
                        got = True
                        break
            except socket.timeout:
                continue
            if got:
                break
        if not got:
            results[f] = "FAILED no echo for seq %d after 5 sends" % seq
            return
    results[f] = "ok %d peer %s" % (count, peer)
threads = [threading.Thread(target=run, args=(f,)) for f in range(flows)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for f in range(flows):
    print("flow %d %s" % (f, results.get(f, "FAILED no result")))
sys.exit(0 if all(results.get(f, "").startswith("ok") for f in range(flows)) else 1)
