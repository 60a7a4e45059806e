# Accepts connections; reads each to EOF (the client's FIN), then answers with the SHA-256 of what it got and
# closes: the answer can only arrive if the relay passed the client's half-close on and kept the way back open.
import hashlib, socket, sys, threading
port = int(sys.argv[1])
srv = socket.create_server(("::", port), family=socket.AF_INET6, dualstack_ipv6=True)
def serve(c):
    h = hashlib.sha256()
    while True:
        b = c.recv(1 << 16)
        if not b:
            break
        h.update(b)
    c.sendall((h.hexdigest() + "\n").encode())
    c.close()
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
