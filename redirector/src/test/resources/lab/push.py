# Pushes bytes at HOST PORT without ever reading, until LIMIT bytes went out or nothing moved for QUIET
# seconds; prints how many bytes the connection accepted. A relay that buffers without bound accepts all.
import socket, sys, time
host, port, limit, quiet = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
s = socket.create_connection((host, port), timeout=10)
s.setblocking(False)
chunk = b"x" * (1 << 20)
total, last_progress = 0, time.monotonic()
while total < limit and time.monotonic() - last_progress < quiet:
    try:
        n = s.send(chunk)
        total += n
        last_progress = time.monotonic()
    except BlockingIOError:
        time.sleep(0.05)
print(total)
