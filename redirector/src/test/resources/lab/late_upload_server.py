# Accepts one connection, says hello, half-closes (FIN), then reads everything the client still sends and
# writes its SHA-256 to OUT before closing.
import hashlib, os, socket, sys
port, out = int(sys.argv[1]), sys.argv[2]
srv = socket.create_server(("::", port), family=socket.AF_INET6, dualstack_ipv6=True)
while True:
    c, _ = srv.accept()
    c.sendall(b"hello from the destination\n")
    c.shutdown(socket.SHUT_WR)
    h = hashlib.sha256()
    while True:
        b = c.recv(1 << 16)
        if not b:
            break
        h.update(b)
    # written whole, then renamed, so a reader never sees a partial file
    with open(out + ".tmp", "w") as f:
        f.write(h.hexdigest() + "\n")
    os.replace(out + ".tmp", out)
    c.close()
