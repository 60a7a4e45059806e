# The server speaks first and half-closes at once; this client reads to EOF (the server's FIN came through),
# then uploads SIZE bytes of a seeded pseudo-random stream, half-closes, and waits for the server to close.
# Prints the first line it read and the SHA-256 of what it sent.
import hashlib, random, socket, sys
host, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.create_connection((host, port), timeout=60)
got = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    got += b
rng = random.Random(42)
h = hashlib.sha256()
sent = 0
while sent < size:
    block = rng.randbytes(min(1 << 20, size - sent))
    s.sendall(block)
    h.update(block)
    sent += len(block)
s.shutdown(socket.SHUT_WR)
while s.recv(65536):
    pass
print(got.decode().strip())
print(h.hexdigest())
