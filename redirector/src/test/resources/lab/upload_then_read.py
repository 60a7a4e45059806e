# Sends SIZE seeded pseudo-random bytes, half-closes, reads the answer to EOF; prints answer and own SHA-256.
import hashlib, random, socket, sys
host, port, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.create_connection((host, port), timeout=60)
rng = random.Random(7)
h = hashlib.sha256()
sent = 0
while sent < size:
    block = rng.randbytes(min(1 << 20, size - sent))
    s.sendall(block)
    h.update(block)
    sent += len(block)
s.shutdown(socket.SHUT_WR)
answer = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    answer += b
print(answer.decode().strip())
print(h.hexdigest())
